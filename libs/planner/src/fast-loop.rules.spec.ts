import { decodeProposal, drainMs, prefillProposal } from './fast-loop.rules';
import { specOptions } from './testing/planner.fixtures';

const options = specOptions();

describe('prefillProposal (TTFT SLO 1 s: up past 500 ms of queue, down when one fewer drains within 100 ms)', () => {
  it.each([
    // replicas, queued uncached tokens, tokens/s per instance -> replicas, reason
    [2, 0, 1000, 1, 'prefill-idle'],
    [1, 0, 1000, 1, 'within-slo'],
    [2, 1000, 1000, 2, 'within-slo'], // 500 ms drain: at the line, not past it
    [2, 1002, 1000, 3, 'ttft-queue'],
    [4, 300, 1000, 3, 'prefill-idle'], // 3 instances drain 300 tokens in 100 ms
    [4, 301, 1000, 4, 'within-slo'],
    [3, 10, 0, 4, 'ttft-queue'], // no throughput measured yet and work queued: it cannot drain
  ] as const)('%i replicas, %i queued at %i tok/s -> %i (%s)', (replicas, queuedUncachedTokens, tokensPerSPerInstance, want, reason) => {
    expect(prefillProposal({ replicas, queuedUncachedTokens, tokensPerSPerInstance }, options)).toEqual({ replicas: want, reason });
  });

  it('drain time is the queue over the pool throughput', () => {
    expect(drainMs(3000, 3, 1000)).toBe(1000);
    expect(drainMs(0, 0, 0)).toBe(0);
    expect(drainMs(1, 0, 1000)).toBe(Infinity);
  });
});

describe('decodeProposal (TBT SLO 100 ms: up past 90 ms or 85% KV, down under 50 ms with KV under 50% on one fewer)', () => {
  it.each([
    // replicas, kv used, inter-token ms -> replicas, reason
    [2, 0.5, 91, 3, 'tbt-latency'],
    [2, 0.9, 40, 3, 'kv-usage'],
    [2, 0.2, 40, 1, 'decode-idle'], // 0.2 x 2 / 1 = 0.4 < 0.5
    [2, 0.3, 40, 2, 'within-slo'], // 0.6 on one instance: too full
    [2, 0.2, 60, 2, 'within-slo'], // latency between the bands
    [1, 0, 1, 1, 'within-slo'], // never below one
    [3, 0.85, 90, 3, 'within-slo'], // both exactly at their lines
  ] as const)('%i replicas, KV %f, ITL %i ms -> %i (%s)', (replicas, kvUsedRatio, interTokenLatencyMs, want, reason) => {
    expect(decodeProposal({ replicas, kvUsedRatio, interTokenLatencyMs }, options)).toEqual({ replicas: want, reason });
  });
});
