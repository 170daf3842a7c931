import { type EvictionPolicyType } from '@tsukimi/kv-store';
import { expectOk } from '@tsukimi/result';
import { chunked, generateTrace, traceText } from '../testing/generated.trace';
import { readTrace } from '../trace/trace.reader';
import { type TraceRequest } from '../trace/trace-request.model';
import { compileCacheReplayOptions } from './cache-replay.options';
import { replayCacheOnly } from './cache-replay.run';

interface OracleBlock {
  readonly id: number;
  readonly position: number;
  lastUse: number;
  reads: number;
}

/** Which cached block each policy gives up, found by scanning the whole cache. */
const victimOf: Record<EvictionPolicyType, (cache: OracleBlock[]) => OracleBlock> = {
  lru: (cache) => cache.reduce((a, b) => (b.lastUse < a.lastUse ? b : a)),
  lfu: (cache) => cache.reduce((a, b) => (b.reads < a.reads || (b.reads === a.reads && b.lastUse < a.lastUse) ? b : a)),
  'length-aware': (cache) => cache.reduce((a, b) => (b.position > a.position || (b.position === a.position && b.lastUse < a.lastUse) ? b : a)),
};

/** Block hits of a plain cache kept as an array: look up all of a request's blocks, then add the misses. */
function oracleHits(requests: readonly TraceRequest[], policy: EvictionPolicyType, capacity: number): number {
  const cache: OracleBlock[] = [];
  let time = 0;
  let hits = 0;
  for (const request of requests) {
    const misses: { id: number; position: number }[] = [];
    request.hashIds.forEach((id, position) => {
      const found = cache.find((block) => block.id === id);
      time += 1;
      if (found === undefined) return misses.push({ id, position });
      hits += 1;
      found.lastUse = time;
      found.reads += 1;
    });
    for (const miss of misses) {
      time += 1;
      if (capacity === 0) continue;
      if (cache.length === capacity) cache.splice(cache.indexOf(victimOf[policy](cache)), 1);
      cache.push({ ...miss, lastUse: time, reads: 0 });
    }
  }
  return hits;
}

describe('cache-only replay against a brute-force cache', () => {
  const traces = [
    { seed: 1, requests: 300, maxBlocks: 12, reuse: 0.7 },
    { seed: 2, requests: 200, maxBlocks: 40, reuse: 0.9 },
    { seed: 3, requests: 400, maxBlocks: 4, reuse: 0.5 },
  ];
  const policies: EvictionPolicyType[] = ['lru', 'lfu', 'length-aware'];
  const capacities = [0, 1, 5, 37, 200, 1000];

  it.each(traces)('agrees block for block on every policy and capacity (trace seed $seed)', async (shape) => {
    const requests = generateTrace(shape);
    const optionSets = policies.flatMap((policy) => [...capacities, 'inf'].map((capacityBlocks) => expectOk(compileCacheReplayOptions({ policy, capacityBlocks }), 'options')));
    const reports = expectOk(await replayCacheOnly(readTrace(chunked(traceText(requests), shape.seed)), optionSets), 'replay');
    const blocks = requests.reduce((sum, request) => sum + request.hashIds.length, 0);
    for (const report of reports) {
      const { policy, capacityBlocks } = report.options;
      expect({ policy, capacityBlocks, hits: report.blocksHit, lookups: report.blocksLookedUp, requests: report.requests }).toEqual({
        policy,
        capacityBlocks,
        hits: oracleHits(requests, policy, capacityBlocks),
        lookups: blocks,
        requests: requests.length,
      });
    }
  });

  it('finds the policies differ on these traces, so agreeing with the oracle says something', async () => {
    const requests = generateTrace(traces[0]!);
    const hits = policies.map((policy) => oracleHits(requests, policy, 37));
    expect(new Set(hits).size).toBe(policies.length);
    expect(Math.min(...hits)).toBeGreaterThan(0);
  });
});
