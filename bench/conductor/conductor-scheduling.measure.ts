import { requestWithKeySequence, type ScheduleRequest } from '@tsukimi/scheduler';
import { quantile, progress, round } from '../lib/bench-stats';
import { ownCpuSeconds } from '../lib/process-cpu';
import { BLOCK_SIZE_TOKENS, schedulingSetup } from './conductor-scheduling.setup';
import { type Prompt, type WorkloadShape } from './conductor.workload';

const SHAPE: WorkloadShape = { prefillInstances: 64, decodeInstances: 64, poolNodes: 8, promptTokens: 8192, groups: 24, conversations: 384, tenants: 8 };
const WARMUP = 2_000;
const DECISIONS = 20_000;
/** Prompts drawn ahead of each timed round: few, so that the garbage collector's pauses scale with what a conductor keeps live, not with a pile of waiting prompts. */
const BATCH = 100;

/**
 * How many scheduling decisions one process makes per second with the full KVCache-centric path —
 * hashing the prompt into block keys, tier-aware prefix lookup, Algorithm 1 over every prefill
 * instance, TBT-aware decode selection, predictive admission, fair shares and session affinity —
 * on 64 prefill and 64 decode instances and 8k-token prompts over a warm, shared-prefix cache.
 * A decision's time runs from the prompt's tokens to the scheduler's answer, hashing included:
 * the key words the prefix lookup reads, and the text of the keys the decision hands back (the
 * blocks to migrate). The text of the other keys is spelled only where they leave the process,
 * after the decision, so it is not in the figure.
 */
export function measureScheduling() {
  const setupStart = performance.now();
  const { hasher, workload, index, scheduler, snapshot, clock } = schedulingSetup(SHAPE, 1);
  progress(`index populated in ${round((performance.now() - setupStart) / 1000, 1)} s: ${index.blockCount} distinct blocks`);

  const outcomes: Record<string, number> = {};
  const decisionUs: number[] = [];
  const hashUs: number[] = [];
  const matchUs: number[] = [];
  let timedMs = 0;
  let timedCpuS = 0;
  for (let done = 0; done < WARMUP + DECISIONS; done += BATCH) {
    const prompts: Prompt[] = Array.from({ length: BATCH }, () => workload.prompt());
    const requests: ScheduleRequest[] = [];
    const measured = done >= WARMUP;
    const batchCpuStart = ownCpuSeconds();
    const batchStart = performance.now();
    for (const { tokens, promptTokens, maxTokens, tenant, sessionId, priority } of prompts) {
      clock.nowMs += 1;
      const start = performance.now();
      const request = requestWithKeySequence(hasher.sequence(tokens), { promptTokens, maxTokens, tenant, sessionId, priority });
      const hashed = performance.now();
      const decision = scheduler.decide(request, snapshot);
      const end = performance.now();
      requests.push(request);
      if (!measured) continue;
      decisionUs.push((end - start) * 1000);
      hashUs.push((hashed - start) * 1000);
      const outcome = decision.kind === 'route' ? (decision.estimate?.branch ?? 'route') : decision.reason;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    if (measured) {
      timedMs += performance.now() - batchStart;
      timedCpuS += ownCpuSeconds() - batchCpuStart;
    }
    for (const request of requests.slice(0, 10)) {
      const start = performance.now();
      index.matchWords(request.blockKeyWords!);
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
    // On a shared machine the wall clock counts time other processes held the CPU; this counts only this process's own CPU time (every thread, the collector's included).
    decisions_per_cpu_s: round(DECISIONS / timedCpuS, 0),
    decision_us_p50: round(quantile(decisionUs, 0.5), 1),
    decision_us_p99: round(quantile(decisionUs, 0.99), 1),
    hash_us_p50: round(quantile(hashUs, 0.5), 1),
    prefix_match_us_p50: round(quantile(matchUs, 0.5), 1),
    outcomes,
  };
}
