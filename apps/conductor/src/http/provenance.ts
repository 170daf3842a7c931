import { type RequestProvenance } from '@tsukimi/conductor';

/** Where the request's KV came from, as response headers (non-streamed responses). */
export function provenanceHeaders(p: RequestProvenance): Record<string, string> {
  return {
    'x-tsukimi-prefill-instance': p.prefillInstance,
    'x-tsukimi-decode-instance': p.decodeInstance ?? '',
    'x-tsukimi-reused-tokens': `device=${p.reusedTokens.device},dram=${p.reusedTokens.dram},ssd=${p.reusedTokens.ssd}`,
    'x-tsukimi-computed-tokens': String(p.computedTokens),
    'x-tsukimi-ttft-ms': p.ttftMs.toFixed(1),
    ...(p.estimate
      ? { 'x-tsukimi-estimated-ttft-ms': p.estimate.ttftMs.toFixed(1), 'x-tsukimi-schedule': `${p.estimate.policy};branch=${p.estimate.branch};by=${p.estimate.chosenBy}` }
      : {}),
  };
}

/** The same, as the `usage.tsukimi` extension object. */
export function provenanceUsage(p: RequestProvenance): Record<string, unknown> {
  return {
    prefill_instance: p.prefillInstance,
    decode_instance: p.decodeInstance ?? null,
    reused_tokens: { device: p.reusedTokens.device, dram: p.reusedTokens.dram, ssd: p.reusedTokens.ssd },
    computed_tokens: p.computedTokens,
    ttft_ms: Math.round(p.ttftMs * 10) / 10,
    ...(p.estimate
      ? { estimated_ttft_ms: Math.round(p.estimate.ttftMs * 10) / 10, schedule: { policy: p.estimate.policy, branch: p.estimate.branch, chosen_by: p.estimate.chosenBy } }
      : {}),
  };
}
