import { ok, type Result } from '@tsukimi/result';

/** The paper's effective request capacity: the highest load at which this share of requests meets both SLOs. */
export const CAPACITY_SLO_SHARE = 0.9;

/** The search stops when the highest passing and lowest failing speeds are within this ratio: a 2% resolution. */
export const CAPACITY_RESOLUTION_RATIO = 1.02;

const SPEED_LIMIT = 1024;

export interface CapacityProbe {
  readonly speed: number;
  /** Share of the replay's requests (rejected ones included) that met both SLOs. */
  readonly withinSloShare: number;
}

export interface CapacityResult {
  /** The highest speed found to pass; 0 when even the slowest tried failed. */
  readonly speed: number;
  /** The lowest speed found to fail; Infinity when none did up to the limit. */
  readonly failingSpeed: number;
  readonly probes: readonly CapacityProbe[];
}

/**
 * Brackets the capacity by doubling or halving from speed 1, then bisects (geometrically) until
 * the bracket is within `CAPACITY_RESOLUTION_RATIO`. Assumes the share falls as speed rises,
 * which holds for a queueing system save for noise near the threshold.
 */
export async function searchCapacity<E>(share: (speed: number) => Promise<Result<number, E>>): Promise<Result<CapacityResult, E>> {
  const probes: CapacityProbe[] = [];
  const passes = async (speed: number): Promise<Result<boolean, E>> => {
    const measured = await share(speed);
    if (!measured.ok) return measured;
    probes.push({ speed, withinSloShare: measured.value });
    return ok(measured.value >= CAPACITY_SLO_SHARE);
  };
  let low = 0;
  let high = Infinity;
  for (let speed = 1; speed <= SPEED_LIMIT && speed >= 1 / SPEED_LIMIT; ) {
    const pass = await passes(speed);
    if (!pass.ok) return pass;
    if (pass.value) low = speed;
    else high = speed;
    if (low > 0 && high < Infinity) break;
    speed = pass.value ? speed * 2 : speed / 2;
  }
  while (low > 0 && high < Infinity && high / low > CAPACITY_RESOLUTION_RATIO) {
    const mid = Math.sqrt(low * high);
    const pass = await passes(mid);
    if (!pass.ok) return pass;
    if (pass.value) low = mid;
    else high = mid;
  }
  return ok({ speed: low, failingSpeed: high, probes });
}
