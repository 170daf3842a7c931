import { randomText, seededRandom } from '../e2e/e2e.workload';

/** One request of an open-loop run: when it is sent (from the run's start) and what it asks. */
export interface PlannedRequest {
  readonly atMs: number;
  readonly prompt: string;
  readonly maxTokens: number;
}

export interface PlanOptions {
  readonly seed: number;
  readonly ratePerS: number;
  readonly requests: number;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

/**
 * Poisson arrivals at `ratePerS` (exponential gaps), each request a fresh prompt of its own so no
 * prefix is cached, all from one seed: a run is data, and two runs of one plan send the same
 * requests at the same offsets whatever the cluster answers.
 */
export function openLoopPlan(options: PlanOptions): readonly PlannedRequest[] {
  const random = seededRandom(options.seed);
  let atMs = 0;
  return Array.from({ length: options.requests }, () => {
    atMs += (-Math.log(1 - random()) / options.ratePerS) * 1000;
    return { atMs, prompt: randomText(random, options.promptTokens), maxTokens: options.maxTokens };
  });
}
