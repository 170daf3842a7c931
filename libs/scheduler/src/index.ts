export { type InstanceId, type InstanceRole, type InstanceSnapshot, type QueuedPrefill, type DecodeWork, type DecodeBatchLoad, instanceId } from './instance.model';
export { decodeBatchLoad } from './decode-batch.load';
export {
  type ScheduleRequest,
  type ClusterSnapshot,
  type ScheduleDecision,
  type LocalDecision,
  type RejectReason,
  type Migration,
  type ChosenBy,
} from './schedule.model';
export { type DecodeChoice } from './decode-choice.model';
export { requestWithKeySequence } from './key-sequence.request';
export { type MonotonicClock } from './clock.port';
export { Scheduler, type SchedulerOptions } from './scheduler';
export { createScheduler, type SchedulerSettings, type SchedulerSettingsError } from './scheduler.factory';
export { SchedulerBuilder, type SchedulerBuilderSettings, type TransferSettings } from './scheduler.builder';

export { type Filter, type FilterResult, type Scorer, type Picker, type PluginDeps, type PluginFactory, type FilterFactory, type ScorerFactory, type PickerFactory, type PluginKind } from './profile/plugin.port';
export { PluginParameters, parameterless, type ConfigProblem, type NumberRule } from './profile/plugin-parameters';
export { PluginRegistry } from './profile/plugin.registry';
export { SchedulingContext, type SchedulingContextOptions } from './profile/scheduling.context';
export { SchedulingProfile, type WeightedScorer, type ProfilePick } from './profile/scheduling.profile';
export { type SchedulerProfileConfig, type RoleProfileConfig, type PluginRef, type ScorerRef, parseSchedulerProfile } from './profile/profile.config';
export { buildProfile, loadSchedulerProfile } from './profile/profile.build';
export { readSchedulerProfileFile } from './profile/profile.file';
export { POLICY_NAMES, type PolicyName, prefillProfileOf, decodeProfileOf, profileFromPolicies } from './profile/profile.flags';
export { byLoad } from './profile/by-load.order';
export { scaleScores } from './profile/score.scale';
export { builtinPlugins } from './plugins/builtin.plugins';

export { DevicePrefixIndex } from './index/device-prefix.index';
export { GlobalPrefixIndex, type GlobalPrefixIndexOptions } from './index/global-prefix.index';
export { type PoolReplica, type PoolIndexEvent, type PoolIndexSnapshot, type PoolSyncOutcome } from './index/pool-index.events';
export { type PoolTier, type PrefixLocation, type PrefixHit, type PrefixMatch, type PrefixLookup } from './index/prefix-location.model';
export { DeviceOnlyMatch } from './index/device-only.match';
export { prefixMatchOf } from './index/snapshot-prefix.match';

export { leastSquares, type LeastSquaresError } from './estimators/least-squares';
export { type PrefillCoefficients, predictPrefillMs, attendedPairs, usableReuseTokens } from './estimators/prefill-time.model';
export { type PrefillSample, fitPrefillCoefficients } from './estimators/prefill-time.fit';
export { type DecodeStepCoefficients, predictDecodeStepMs } from './estimators/decode-step.model';
export { type DecodeStepSample, fitDecodeStepCoefficients } from './estimators/decode-step.fit';
export { DecodeStepOnlineFit, type DecodeStepOnlineFitOptions, type DecodeStepOnlineEstimate } from './estimators/decode-step.online-fit';
export { type EngineProfile, type ProfileParseError, ENGINE_PROFILE_SCHEMA, formatEngineProfile, parseEngineProfile } from './estimators/engine-profile.model';
export { DEFAULT_ENGINE_PROFILE, DEFAULT_BANDWIDTH_BYTES_PER_S, DEFAULT_KVCACHE_BALANCE_THRESHOLD } from './estimators/estimator.defaults';
export { QueueTimeEstimator, type QueueTimeOptions } from './estimators/queue-time.estimator';
export { TransferTimeEstimator, type TransferTimeOptions, type TransferPath, TRANSFER_PATHS, transferPathOf } from './estimators/transfer-time.estimator';
export { TtftEstimator, type TtftEstimatorOptions } from './estimators/ttft.estimator';
export { type TtftEstimate, type PrefillBranch, TtftScratch } from './estimators/ttft.estimate';
export { TbtEstimator } from './estimators/tbt.estimator';
export { type GapCalibration, NO_GAP_CALIBRATION } from './estimators/gap-calibration.model';
export { median } from './estimators/median';
export { nearestRank } from './estimators/nearest-rank';
export { createEstimators, type EstimateCalibration, type Estimators, type EstimatorSettings } from './estimators/estimators.factory';

export { type AdmissionName, type AdmissionPolicy, type AdmissionInput, type AdmissionVerdict, ADMIT } from './admission/admission.port';
export { ADMISSION_POLICIES, ADMISSION_NAMES } from './admission/admission.registry';
export { defaultAdmission } from './admission/admission.default';
export { NoAdmission } from './admission/none.admission';
export { EarlyAdmission } from './admission/early.admission';
export { PredictiveAdmission } from './admission/predictive.admission';
export { type PriorityClass, PRIORITY_CLASSES, type PrioritySloScale, DEFAULT_PRIORITY_SLO_SCALE } from './admission/priority-class.model';
export { type SloTargets } from './slo-targets.model';
export { TenantFairness, type TenantFairnessOptions, type OverShare, DEFAULT_TENANT_FAIRNESS } from './fairness/tenant-fairness.rule';
export { SessionAffinity, type SessionAffinityOptions, DEFAULT_SESSION_AFFINITY, withinTolerance } from './affinity/session-affinity.map';
export { type InstanceCacheWorth, pickScaleInVictim } from './scale-in/scale-in-victim.pick';
export { cacheWorths, pickScaleInVictims, soleBlocksOf, type ScaleInCandidate } from './scale-in/cache-worth';
