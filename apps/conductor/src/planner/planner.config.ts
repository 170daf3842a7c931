import { field } from '@tsukimi/config';
import { compilePlannerOptions, DEFAULT_KVPOOL_SSD, DEFAULT_PLANNER_SHARES, PLANNER_MODES, type PlannerOptions, type RoleBounds } from '@tsukimi/planner';
import { plannerDrainSchema } from './planner-drain.config';
import { plannerLeaderSchema } from './planner-leader.config';

/** The planner's flags: off by default; windows and cool-downs shared by the roles, bounds per role. */
export const plannerSchema = {
  planner: field.enum({
    values: ['off', ...PLANNER_MODES],
    default: 'off',
    description: 'The autoscaling planner: off; metrics (export tsukimi_planner_desired_replicas for KEDA or an HPA); scale (the leader patches the scale subresource of --planner-prefill-deployment and --planner-decode-deployment); dry-run (log and count decisions only)',
  }),
  plannerFastIntervalMs: field.duration({ min: 100, default: 5_000, description: 'How often the fast loop steps prefill and decode one replica on SLO signals' }),
  plannerSlowIntervalMs: field.duration({ min: 1_000, default: 60_000, description: 'How often the slow loop sizes the pools from the request rate over its window' }),
  plannerPrefillMinReplicas: field.int({ min: 0, default: 1, description: 'Fewest prefill replicas the planner asks for' }),
  plannerPrefillMaxReplicas: field.int({ min: 1, default: 8, description: 'Most prefill replicas the planner asks for' }),
  plannerDecodeMinReplicas: field.int({ min: 0, default: 1, description: 'Fewest decode replicas the planner asks for' }),
  plannerDecodeMaxReplicas: field.int({ min: 1, default: 8, description: 'Most decode replicas the planner asks for' }),
  plannerScaleUpWindowMs: field.duration({ min: 0, default: 0, description: 'A scale-up goes only as far as the lowest proposal within this window (the HPA\'s scaleUp stabilizationWindowSeconds)' }),
  plannerScaleDownWindowMs: field.duration({ min: 0, default: 300_000, description: 'A scale-down goes only as far as the highest proposal within this window (the HPA\'s scaleDown stabilizationWindowSeconds)' }),
  plannerScaleUpCooldownMs: field.duration({ min: 0, default: 30_000, description: 'No scale-up of a role sooner than this after its last change' }),
  plannerScaleDownCooldownMs: field.duration({ min: 0, default: 120_000, description: 'No scale-down of a role sooner than this after its last change' }),
  plannerKvpoolMinReplicas: field.int({ min: 0, default: 1, description: 'Fewest kvpool storage nodes the planner asks for' }),
  plannerKvpoolMaxReplicas: field.int({ min: 1, default: 8, description: 'Most kvpool storage nodes the planner asks for' }),
  plannerKvpoolMinHitRatioGain: field.number({ min: 0.0001, max: 1, default: DEFAULT_PLANNER_SHARES.minHitRatioGainPerNode, description: 'The slow loop adds a kvpool storage node while one more node of DRAM would raise the pool\'s hit ratio (from the master\'s reuse-distance curve) by at least this (0.02: two points), and removes one when one fewer would lose under half of it' }),
  plannerKvpoolSsdMinBytes: field.byteSize({ min: 0, default: DEFAULT_KVPOOL_SSD.minBytesPerNode, description: 'Least SSD the planner asks for on each kvpool storage node (tsukimi_planner_desired_kvpool_bytes{tier="ssd"}: exported, never applied)' }),
  plannerKvpoolSsdMaxBytes: field.byteSize({ min: 0, default: DEFAULT_KVPOOL_SSD.maxBytesPerNode, description: 'Most SSD the planner asks for on each kvpool storage node: the largest SSD volume a node may have' }),
  plannerKvpoolSsdHitRatioSlack: field.number({ min: 0, max: 0.5, default: DEFAULT_KVPOOL_SSD.hitRatioSlack, description: 'The planner sizes each kvpool node\'s SSD, behind the DRAM of the nodes it wants, to the least that brings the pool within this of the best hit ratio its reuse-distance curve shows (0.01: one point)' }),
  plannerTargetUtilisation: field.number({ min: 0.05, max: 1, default: DEFAULT_PLANNER_SHARES.targetUtilisation, description: 'The slow loop sizes pools so that each instance runs at this share of its measured throughput' }),
  plannerNamespace: field.string({ optional: true, description: 'Namespace of the workloads the planner scales (default: the conductor\'s own, else the kubeconfig context\'s)' }),
  plannerPrefillDeployment: field.string({ optional: true, description: 'The prefill Deployment the planner scales in scale mode' }),
  plannerDecodeDeployment: field.string({ optional: true, description: 'The decode Deployment the planner scales in scale mode' }),
  ...plannerDrainSchema,
  plannerKvpoolStatefulset: field.string({ optional: true, description: 'The kvpool storage nodes\' StatefulSet the planner scales in scale mode (its hit-ratio curve is read from the kvpool master at --kvpool-address or discovered)' }),
  ...plannerLeaderSchema,
};

export interface PlannerSettings {
  readonly ttftSloMs?: number | undefined;
  readonly tbtSloMs?: number | undefined;
  readonly plannerPrefillMinReplicas: number;
  readonly plannerPrefillMaxReplicas: number;
  readonly plannerDecodeMinReplicas: number;
  readonly plannerDecodeMaxReplicas: number;
  readonly plannerKvpoolMinReplicas: number;
  readonly plannerKvpoolMaxReplicas: number;
  readonly plannerKvpoolMinHitRatioGain: number;
  readonly plannerKvpoolSsdMinBytes: number;
  readonly plannerKvpoolSsdMaxBytes: number;
  readonly plannerKvpoolSsdHitRatioSlack: number;
  readonly plannerScaleUpWindowMs: number;
  readonly plannerScaleDownWindowMs: number;
  readonly plannerScaleUpCooldownMs: number;
  readonly plannerScaleDownCooldownMs: number;
  readonly plannerTargetUtilisation: number;
}

/** The SLOs the scheduler judges against when none is given: the planner aims at the same. */
const DEFAULT_SLO_MS = { ttftMs: 2_000, tbtMs: 200 };

const FLAG_OF_KEY: Readonly<Record<string, string>> = {
  'roles.prefill.maxReplicas': 'planner-prefill-max-replicas',
  'roles.decode.maxReplicas': 'planner-decode-max-replicas',
  'roles.kvpool.maxReplicas': 'planner-kvpool-max-replicas',
  'kvpoolSsd.maxBytesPerNode': 'planner-kvpool-ssd-max-bytes',
};

/** The planner's options from the flags; a bad combination fails boot naming its flag. */
export function plannerOptions(config: PlannerSettings): PlannerOptions {
  const windows = { scaleUpWindowMs: config.plannerScaleUpWindowMs, scaleDownWindowMs: config.plannerScaleDownWindowMs, scaleUpCooldownMs: config.plannerScaleUpCooldownMs, scaleDownCooldownMs: config.plannerScaleDownCooldownMs };
  const bounds = (minReplicas: number, maxReplicas: number): RoleBounds => ({ minReplicas, maxReplicas, ...windows });
  const compiled = compilePlannerOptions({
    roles: {
      prefill: bounds(config.plannerPrefillMinReplicas, config.plannerPrefillMaxReplicas),
      decode: bounds(config.plannerDecodeMinReplicas, config.plannerDecodeMaxReplicas),
      kvpool: bounds(config.plannerKvpoolMinReplicas, config.plannerKvpoolMaxReplicas),
    },
    ttftSloMs: config.ttftSloMs ?? DEFAULT_SLO_MS.ttftMs,
    tbtSloMs: config.tbtSloMs ?? DEFAULT_SLO_MS.tbtMs,
    ...DEFAULT_PLANNER_SHARES,
    targetUtilisation: config.plannerTargetUtilisation,
    minHitRatioGainPerNode: config.plannerKvpoolMinHitRatioGain,
    kvpoolSsd: { minBytesPerNode: config.plannerKvpoolSsdMinBytes, maxBytesPerNode: config.plannerKvpoolSsdMaxBytes, hitRatioSlack: config.plannerKvpoolSsdHitRatioSlack },
  });
  if (!compiled.ok) throw new Error(`planner setting --${FLAG_OF_KEY[compiled.error.key] ?? compiled.error.key}: ${compiled.error.problem}`);
  return compiled.value;
}
