import { expectOk } from '@tsukimi/result';
import { type PlannerRole } from '../planner.model';
import { compilePlannerOptions, DEFAULT_KVPOOL_SSD, DEFAULT_PLANNER_SHARES, type PlannerOptions, type RoleBounds } from '../planner.options';

/** Round numbers for specs: SLOs of 1 s and 100 ms, windows of 30 s up and 60 s down, cool-downs of 10 s and 20 s. */
export const SPEC_BOUNDS: RoleBounds = { minReplicas: 1, maxReplicas: 6, scaleUpWindowMs: 30_000, scaleDownWindowMs: 60_000, scaleUpCooldownMs: 10_000, scaleDownCooldownMs: 20_000 };

export function specOptions(overrides: Partial<PlannerOptions> = {}, bounds: Partial<Record<PlannerRole, Partial<RoleBounds>>> = {}): PlannerOptions {
  const role = (r: PlannerRole) => ({ ...SPEC_BOUNDS, ...bounds[r] });
  return expectOk(
    compilePlannerOptions({
      roles: { prefill: role('prefill'), decode: role('decode'), kvpool: role('kvpool') },
      ttftSloMs: 1000,
      tbtSloMs: 100,
      ...DEFAULT_PLANNER_SHARES,
      kvpoolSsd: DEFAULT_KVPOOL_SSD,
      ...overrides,
    }),
    'planner options',
  );
}

/** A clock a spec moves by hand. */
export class ManualClock {
  constructor(public ms = 0) {}
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
