import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { seededRandom } from '@tsukimi/kv-store';
import { type ClusterSnapshot, createScheduler, GlobalPrefixIndex, type ScheduleRequest } from '@tsukimi/scheduler';
import { quantile, progress, round } from '../lib/bench-stats';
import { SharedPrefixWorkload, type WorkloadShape } from './conductor.workload';

const SHAPE: WorkloadShape = { prefillInstances: 64, decodeInstances: 64, poolNodes: 8, promptTokens: 8192, groups: 24, conversations: 384, tenants: 8 };
const BLOCK_SIZE_TOKENS = 16;
const WARMUP = 2_000;
const DECISIONS = 20_000;
/** Requests hashed ahead of each timed round: few, so that the garbage collector's pauses scale with what a conductor keeps live, not with a pile of pre-hashed prompts. */
const BATCH = 100;

/**
 * How many scheduling decisions one process makes per second with the full KVCache-centric path —
 * tier-aware prefix lookup, Algorithm 1 over every prefill instance, TBT-aware decode selection,
 * predictive admission, fair shares and session affinity — on 64 prefill and 64 decode instances
 * and 8k-token prompts over a warm, shared-prefix cache. Prompts are hashed before the timed loop,
 * each into fresh key strings as the conductor's would be.
 */
export function measureScheduling() {
  const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'bench', tenantSalt: '', blockSizeTokens: BLOCK_SIZE_TOKENS }));
  const workload = new SharedPrefixWorkload(seededRandom(1), hasher, SHAPE);
  const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 8 * (SHAPE.promptTokens / BLOCK_SIZE_TOKENS) });
  const setupStart = performance.now();
  workload.populate(index, 8);
  progress(`index populated in ${round((performance.now() - setupStart) / 1000, 1)} s: ${index.blockCount} distinct blocks`);
  const clock = { nowMs: 0, monotonicMs: () => clock.nowMs };
  const created = createScheduler({
    policy: 'kvcache-centric',
    decodePolicy: 'kvcache-centric',
    admission: 'predictive',
    maxInFlightPerInstance: 64,
    retryAfterMs: 500,
    slo: { ttftMs: 5_000, tbtMs: 50 },
    fairness: {},
    sessionAffinity: { clock },
  });
  if (!created.ok) throw new Error(`scheduler settings: ${created.error.key}: ${created.error.message}`);
  const scheduler = created.value;
  const snapshot: ClusterSnapshot = {
    prefill: workload.prefillSnapshots(),
    decode: workload.decodeSnapshots(),
    cachedPrefixBlocks: (id, keys) => index.cachedPrefixBlocks(id, keys),
    prefixes: index,
    tenantInFlightRequests: workload.tenantLoad(),
  };

  const outcomes: Record<string, number> = {};
  const decisionUs: number[] = [];
  const matchUs: number[] = [];
  let timedMs = 0;
  for (let done = 0; done < WARMUP + DECISIONS; done += BATCH) {
    const requests: ScheduleRequest[] = Array.from({ length: BATCH }, () => workload.request());
    const measured = done >= WARMUP;
    const batchStart = performance.now();
    for (const request of requests) {
      clock.nowMs += 1;
      const start = performance.now();
      const decision = scheduler.decide(request, snapshot);
      const elapsedUs = (performance.now() - start) * 1000;
      if (!measured) continue;
      decisionUs.push(elapsedUs);
      const outcome = decision.kind === 'route' ? (decision.estimate?.branch ?? 'route') : decision.reason;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    if (measured) timedMs += performance.now() - batchStart;
    for (const request of requests.slice(0, 10)) {
      const start = performance.now();
      index.match(request.blockKeys);
      if (measured) matchUs.push((performance.now() - start) * 1000);
    }
    if ((done + BATCH) % 2_000 === 0) progress(`${done + BATCH}/${WARMUP + DECISIONS} decisions${measured ? '' : ' (warm-up)'}`);
  }

  return {
    prefill_instances: SHAPE.prefillInstances,
    decode_instances: SHAPE.decodeInstances,
    pool_nodes: SHAPE.poolNodes,
    prompt_tokens: SHAPE.promptTokens,
    prompt_blocks: SHAPE.promptTokens / BLOCK_SIZE_TOKENS,
    index_blocks: index.blockCount,
    policy: 'kvcache-centric',
    admission: 'predictive',
    decisions: DECISIONS,
    decisions_per_s: round((DECISIONS * 1000) / timedMs, 0),
    decision_us_p50: round(quantile(decisionUs, 0.5), 1),
    decision_us_p99: round(quantile(decisionUs, 0.99), 1),
    prefix_match_us_p50: round(quantile(matchUs, 0.5), 1),
    outcomes,
  };
}

