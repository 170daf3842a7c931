/**
 * Names of the conductor's spans under a request's root span (named `{operation} {model}` by the
 * GenAI convention), and the Tsukimi attributes beside the GenAI ones. Dashboards and the tracing
 * int-spec read these; change them together.
 */
export const CONDUCTOR_SPANS = {
  schedule: 'schedule',
  prefill: 'prefill',
  kvTransfer: 'kv_transfer',
  decode: 'decode',
} as const;

export const TSUKIMI_ATTRIBUTES = {
  requestId: 'tsukimi.request.id',
  instanceId: 'tsukimi.instance.id',
  decision: 'tsukimi.schedule.decision',
  policy: 'tsukimi.schedule.policy',
  rejectReason: 'tsukimi.schedule.reject_reason',
  estimatedTtftMs: 'tsukimi.schedule.estimated_ttft_ms',
  prefillInstance: 'tsukimi.prefill.instance',
  decodeInstance: 'tsukimi.decode.instance',
  cachedBlocks: 'tsukimi.prefix.cached_blocks',
  promptTokens: 'tsukimi.prompt_tokens',
  computedTokens: 'tsukimi.computed_tokens',
  reusedDeviceTokens: 'tsukimi.reused_tokens.device',
  reusedDramTokens: 'tsukimi.reused_tokens.dram',
  reusedSsdTokens: 'tsukimi.reused_tokens.ssd',
  loadedTokens: 'tsukimi.loaded_tokens',
  blocks: 'tsukimi.blocks',
  storedBlocks: 'tsukimi.stored_blocks',
  storeFailed: 'tsukimi.store_failed',
  generatedTokens: 'tsukimi.generated_tokens',
  failure: 'tsukimi.failure',
} as const;
