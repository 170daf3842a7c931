import { type LocalClusterOptions } from '../../apps/cli/src/cluster/cluster.options';
import { type BurstSlo } from '../e2e/burst.goodput';
import { openLoopPlan, type PlannedRequest, type PlanOptions } from './overload.plan';

export type Admission = 'off' | 'on';

/** One side of the overload comparison: the cluster, its services' environment, and what it is sent. */
export interface OverloadSide {
  readonly cluster: LocalClusterOptions;
  readonly env: Readonly<Record<string, string>>;
  readonly plan: readonly PlannedRequest[];
}

/**
 * One prefill and one decode instance on the tiny model: the placement is forced, so only admission
 * differs. Every prompt is new, so the pool only fills: a DRAM tier of 64 MiB is full within the
 * soak's first minute, and its RSS after that shows growth that is not the cache filling.
 */
export const OVERLOAD_CLUSTER: LocalClusterOptions = { prefill: 1, decode: 1, kvpool: 1, port: 0, engine: 'reference', kvpoolDramBytes: 64 * 1024 ** 2, readyTimeoutMs: 180_000 };

/** What a run may change of that cluster: a model of the user's own, and how many instances of each role. */
export interface ClusterShape {
  readonly modelPath?: string;
  readonly prefill?: number;
  readonly decode?: number;
}

export function overloadCluster(shape: ClusterShape = {}): LocalClusterOptions {
  return {
    ...OVERLOAD_CLUSTER,
    ...(shape.modelPath === undefined ? {} : { modelPath: shape.modelPath }),
    ...(shape.prefill === undefined ? {} : { prefill: shape.prefill }),
    ...(shape.decode === undefined ? {} : { decode: shape.decode }),
  };
}

/**
 * The conductor's flags for a side: with admission on, predictive admission judged against the
 * SLOs the client checks; off, no admission (`none`) with the same SLOs, which with one instance
 * of each role decide nothing else.
 */
export function conductorEnv(admission: Admission, slo: BurstSlo): Record<string, string> {
  return {
    TSUKIMI_CONDUCTOR_ADMISSION: admission === 'on' ? 'predictive' : 'none',
    TSUKIMI_CONDUCTOR_TTFT_SLO_MS: String(Math.max(1, Math.round(slo.ttftMs))),
    TSUKIMI_CONDUCTOR_TBT_SLO_MS: String(Math.max(1, Math.round(slo.tbtMs))),
  };
}

/** A side of the overload run: the same plan (seed, prompts, arrival times, options) on both. */
export function overloadSide(admission: Admission, slo: BurstSlo, plan: PlanOptions, shape: ClusterShape = {}): OverloadSide {
  return { cluster: overloadCluster(shape), env: conductorEnv(admission, slo), plan: openLoopPlan(plan) };
}
