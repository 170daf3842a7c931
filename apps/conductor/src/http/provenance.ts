import { type RequestProvenance } from '@tsukimi/conductor';

/** Where the request's KV came from, as response headers (non-streamed responses). */
export function provenanceHeaders(p: RequestProvenance): Record<string, string> {
  return {
    'x-tsukimi-prefill-instance': p.prefillInstance,
    'x-tsukimi-decode-instance': p.decodeInstance ?? '',
    'x-tsukimi-reused-tokens': `device=${p.reusedTokens.device},dram=${p.reusedTokens.dram},ssd=${p.reusedTokens.ssd}`,
    'x-tsukimi-computed-tokens': String(p.computedTokens),
    'x-tsukimi-ttft-ms': p.ttftMs.toFixed(1),
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
  };
}
