/**
 * How long the overhead part warms up: in batches of `batchRounds`, at least `minRounds` and at
 * most `maxRounds`, until the conductor's CPU per round stops falling. Ten fixed rounds left V8's
 * optimising compiler still at work (8.57 ms a request over 300 timed rounds against 10.3 over
 * 100, bench/RESULTS.md), so the figure was part start-up cost, not what a long-running conductor
 * spends.
 */
export interface WarmUpShape {
  readonly minRounds: number;
  readonly maxRounds: number;
  readonly batchRounds: number;
  /** A batch whose CPU per round is at least this share of the lowest batch before it counts as no longer falling. */
  readonly settledShare: number;
}

/**
 * On this 2-core machine under others' load (2026-12-07) the conductor's CPU per request fell
 * from 19 ms in the first 50 rounds to about 7 by round 250 and then held; batches of 25 varied
 * by a fifth from one to the next, so batches of 50 and no verdict before round 250.
 */
export const CONDUCTOR_WARM_UP: WarmUpShape = { minRounds: 250, maxRounds: 500, batchRounds: 50, settledShare: 0.9 };

/**
 * Whether the warm-up is over, given each finished batch's CPU per round, oldest first: past
 * `maxRounds`, or past `minRounds` with the last batch no more than a tenth (by default) below
 * the best batch before it. A batch without a figure (the process's CPU unreadable) settles at
 * once past `minRounds`: nothing would tell.
 */
export function warmUpSettled(shape: WarmUpShape, batchCpuMsPerRound: readonly (number | null)[]): boolean {
  const rounds = batchCpuMsPerRound.length * shape.batchRounds;
  if (rounds >= shape.maxRounds) return true;
  if (rounds < shape.minRounds || batchCpuMsPerRound.length < 2) return false;
  const last = batchCpuMsPerRound[batchCpuMsPerRound.length - 1];
  const earlier = batchCpuMsPerRound.slice(0, -1).filter((ms): ms is number => ms !== null);
  if (last === null || last === undefined || earlier.length === 0) return true;
  return last >= shape.settledShare * Math.min(...earlier);
}

/**
 * Runs `round` in batches until every process's CPU per round has settled (`warmUpSettled` on
 * each); answers how many rounds it took. `cpuS` reads each process's CPU seconds (null where
 * unreadable); `report` hears each batch's CPU per round, in the same order.
 */
export async function warmUpUntilSettled(
  shape: WarmUpShape,
  cpuS: () => readonly (number | null)[],
  round: (n: number) => Promise<unknown>,
  report: (rounds: number, batchCpuMsPerRound: readonly (number | null)[]) => void,
): Promise<number> {
  const batches: (number | null)[][] = cpuS().map(() => []);
  let rounds = 0;
  while (!batches.every((perProcess) => warmUpSettled(shape, perProcess))) {
    const before = cpuS();
    for (let i = 0; i < shape.batchRounds; i++) await round(rounds++);
    const after = cpuS();
    const batch = before.map((start, p) => (start === null || after[p] === null ? null : ((after[p]! - start) * 1000) / shape.batchRounds));
    batch.forEach((ms, p) => batches[p]!.push(ms));
    report(rounds, batch);
  }
  return rounds;
}
