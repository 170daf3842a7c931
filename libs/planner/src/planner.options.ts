import { err, ok, type Result } from '@tsukimi/result';
import { type KvpoolSsdBounds } from './kvpool-ssd.sizer';
import { PLANNER_ROLES, type PlannerRole } from './planner.model';

/** Bounds and damping of one role, after the HorizontalPodAutoscaler's `behavior`. */
export interface RoleBounds {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** A scale-up happens only when every proposal within this window asked for at least that many. */
  readonly scaleUpWindowMs: number;
  /** A scale-down happens only when every proposal within this window asked for at most that many. */
  readonly scaleDownWindowMs: number;
  /** No scale-up sooner than this after the role's last change. */
  readonly scaleUpCooldownMs: number;
  /** No scale-down sooner than this after the role's last change. */
  readonly scaleDownCooldownMs: number;
}

export interface PlannerOptions {
  readonly roles: Readonly<Record<PlannerRole, RoleBounds>>;
  readonly ttftSloMs: number;
  readonly tbtSloMs: number;
  /** Prefill scales up when draining its queue would take more than this share of the TTFT SLO. */
  readonly queueHighShare: number;
  /** ...and down when one instance fewer would drain it within this share. */
  readonly queueLowShare: number;
  /** Decode scales up when inter-token latency passes this share of the TBT SLO... */
  readonly tbtHighShare: number;
  /** ...and may scale down only when it is under this share. */
  readonly tbtLowShare: number;
  /** Decode scales up when the share of KV memory in use passes this... */
  readonly kvHighRatio: number;
  /** ...and may scale down only when one instance fewer would hold it under this. */
  readonly kvLowRatio: number;
  /** The slow loop sizes pools so that each instance runs at this share of its measured throughput. */
  readonly targetUtilisation: number;
  /** Kvpool: one more node is worth it when its DRAM raises the hit ratio by at least this (0.02: two points). */
  readonly minHitRatioGainPerNode: number;
  /** Kvpool: the SSD each storage node should have behind its DRAM, sized on the same curve. */
  readonly kvpoolSsd: KvpoolSsdBounds;
}

export interface PlannerOptionsError {
  readonly key: string;
  readonly problem: string;
}

const fail = (key: string, problem: string) => err<PlannerOptionsError>({ key, problem });
const isShare = (x: number) => Number.isFinite(x) && x > 0 && x <= 1;

/** Checks the options whole; an error names the offending key (`roles.decode.maxReplicas`). */
export function compilePlannerOptions(options: PlannerOptions): Result<PlannerOptions, PlannerOptionsError> {
  for (const role of PLANNER_ROLES) {
    const bounds = options.roles[role];
    const key = (name: keyof RoleBounds) => `roles.${role}.${name}`;
    if (!Number.isSafeInteger(bounds.minReplicas) || bounds.minReplicas < 0) return fail(key('minReplicas'), `expected a whole number >= 0, got ${bounds.minReplicas}`);
    if (!Number.isSafeInteger(bounds.maxReplicas) || bounds.maxReplicas < Math.max(1, bounds.minReplicas)) {
      return fail(key('maxReplicas'), `expected a whole number >= max(1, minReplicas ${bounds.minReplicas}), got ${bounds.maxReplicas}`);
    }
    for (const name of ['scaleUpWindowMs', 'scaleDownWindowMs', 'scaleUpCooldownMs', 'scaleDownCooldownMs'] as const) {
      if (!Number.isFinite(bounds[name]) || bounds[name] < 0) return fail(key(name), `expected a duration >= 0 ms, got ${bounds[name]}`);
    }
  }
  for (const name of ['ttftSloMs', 'tbtSloMs'] as const) {
    if (!Number.isFinite(options[name]) || options[name] <= 0) return fail(name, `expected a positive number, got ${options[name]}`);
  }
  for (const name of ['queueHighShare', 'queueLowShare', 'tbtHighShare', 'tbtLowShare', 'kvHighRatio', 'kvLowRatio', 'targetUtilisation', 'minHitRatioGainPerNode'] as const) {
    if (!isShare(options[name])) return fail(name, `expected a number in (0, 1], got ${options[name]}`);
  }
  if (options.queueLowShare >= options.queueHighShare) return fail('queueLowShare', `must be below queueHighShare (${options.queueHighShare}), got ${options.queueLowShare}`);
  if (options.tbtLowShare >= options.tbtHighShare) return fail('tbtLowShare', `must be below tbtHighShare (${options.tbtHighShare}), got ${options.tbtLowShare}`);
  const ssd = options.kvpoolSsd;
  if (!Number.isSafeInteger(ssd.minBytesPerNode) || ssd.minBytesPerNode < 0) return fail('kvpoolSsd.minBytesPerNode', `expected a whole number of bytes >= 0, got ${ssd.minBytesPerNode}`);
  if (!Number.isSafeInteger(ssd.maxBytesPerNode) || ssd.maxBytesPerNode < ssd.minBytesPerNode) {
    return fail('kvpoolSsd.maxBytesPerNode', `expected a whole number of bytes >= minBytesPerNode (${ssd.minBytesPerNode}), got ${ssd.maxBytesPerNode}`);
  }
  if (!Number.isFinite(ssd.hitRatioSlack) || ssd.hitRatioSlack < 0 || ssd.hitRatioSlack >= 1) return fail('kvpoolSsd.hitRatioSlack', `expected a number in [0, 1), got ${ssd.hitRatioSlack}`);
  if (options.kvLowRatio >= options.kvHighRatio) return fail('kvLowRatio', `must be below kvHighRatio (${options.kvHighRatio}), got ${options.kvLowRatio}`);
  return ok(options);
}

/** Defaults that suit a small cluster: windows as the HPA's (no up window, five minutes down). */
export const DEFAULT_ROLE_BOUNDS: RoleBounds = {
  minReplicas: 1,
  maxReplicas: 8,
  scaleUpWindowMs: 0,
  scaleDownWindowMs: 300_000,
  scaleUpCooldownMs: 30_000,
  scaleDownCooldownMs: 120_000,
};

export const DEFAULT_PLANNER_SHARES = {
  queueHighShare: 0.5,
  queueLowShare: 0.1,
  tbtHighShare: 0.9,
  tbtLowShare: 0.5,
  kvHighRatio: 0.85,
  kvLowRatio: 0.5,
  targetUtilisation: 0.7,
  minHitRatioGainPerNode: 0.02,
} as const;

/** SSD per storage node: none required, at most 1 TiB, within one point of the curve's best. */
export const DEFAULT_KVPOOL_SSD: KvpoolSsdBounds = { minBytesPerNode: 0, maxBytesPerNode: 1024 ** 4, hitRatioSlack: 0.01 };
