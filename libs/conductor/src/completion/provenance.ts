import { type RequestProvenance, type RequestSummary } from '../request.model';

type PlanProvenance = NonNullable<RequestProvenance['plan']>;

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
    ...(p.plan ? { 'x-tsukimi-plan': planHeader(p.plan) } : {}),
    ...(p.disaggregation ? { 'x-tsukimi-disaggregation': `${p.disaggregation.run};reason=${p.disaggregation.reason}` } : {}),
    ...(p.waited ? { 'x-tsukimi-waited': `ms=${p.waited.ms.toFixed(1)};blocks=${p.waited.blocks};request=${p.waited.requestId};outcome=${p.waited.outcome}` } : {}),
    ...(p.decodeMigrations ? { 'x-tsukimi-decode-migrations': p.decodeMigrations.map((m) => `${m.fromInstance};after=${m.afterTokens}`).join(',') } : {}),
    ...(p.audit ? { 'x-tsukimi-predicted-reused-tokens': `device=${p.audit.predictedTokens.device},dram=${p.audit.predictedTokens.dram},ssd=${p.audit.predictedTokens.ssd};trusted=${p.audit.cacheTrusted}` } : {}),
  };
}

/**
 * The same, as the `usage.tsukimi` extension object: the first choice's at the top, and with
 * several choices, each one's under `choices` (where a sibling's reuse of the prompt shows).
 */
export function provenanceUsage(summaries: readonly RequestSummary[]): Record<string, unknown> {
  const [first] = summaries;
  if (!first) return {};
  const top = choiceProvenance(first.provenance);
  if (summaries.length === 1) return top;
  return { ...top, choices: summaries.map((s, index) => ({ index, cached_tokens: s.cachedTokens, ...choiceProvenance(s.provenance) })) };
}

function choiceProvenance(p: RequestProvenance): Record<string, unknown> {
  return {
    prefill_instance: p.prefillInstance,
    decode_instance: p.decodeInstance ?? null,
    reused_tokens: { device: p.reusedTokens.device, dram: p.reusedTokens.dram, ssd: p.reusedTokens.ssd },
    computed_tokens: p.computedTokens,
    ttft_ms: Math.round(p.ttftMs * 10) / 10,
    ...(p.estimate
      ? { estimated_ttft_ms: Math.round(p.estimate.ttftMs * 10) / 10, schedule: { policy: p.estimate.policy, branch: p.estimate.branch, chosen_by: p.estimate.chosenBy } }
      : {}),
    ...(p.plan ? { plan: planUsage(p.plan) } : {}),
    ...(p.disaggregation ? { disaggregation: { run: p.disaggregation.run, reason: p.disaggregation.reason } } : {}),
    ...(p.waited ? { waited: { ms: Math.round(p.waited.ms * 10) / 10, blocks: p.waited.blocks, request_id: p.waited.requestId, outcome: p.waited.outcome } } : {}),
    ...(p.decodeMigrations ? { decode_migrations: p.decodeMigrations.map((m) => ({ from_instance: m.fromInstance, after_tokens: m.afterTokens })) } : {}),
    ...(p.audit ? { predicted_reused_tokens: { ...p.audit.predictedTokens }, cache_trusted: p.audit.cacheTrusted } : {}),
  };
}

/** `branch=fetch;outcome=followed;source=dram@node-1`: the branch the prefill carried out, how, and the pool node it was told to read. */
function planHeader({ given, outcome }: PlanProvenance): string {
  const source = given?.source ? `;source=${given.source.tier}@${given.source.node}` : '';
  return `branch=${outcome.branch};outcome=${outcome.reason}${source}`;
}

function planUsage({ given, outcome }: PlanProvenance): Record<string, unknown> {
  return { branch: outcome.branch, outcome: outcome.reason, ...(given?.source ? { source: { node: given.source.node, tier: given.source.tier } } : {}) };
}
