import { err, ok, type Result } from '@tsukimi/result';
import { ADMISSION_POLICIES } from './admission/admission.registry';
import { type AdmissionName } from './admission/admission.port';
import { DEFAULT_PRIORITY_SLO_SCALE, PRIORITY_CLASSES, type PrioritySloScale } from './admission/priority-class.model';
import { type SloTargets } from './slo-targets.model';
import { DEFAULT_SESSION_AFFINITY, SessionAffinity, type SessionAffinityOptions } from './affinity/session-affinity.map';
import { type MonotonicClock } from './clock.port';
import { createEstimators, type EstimatorSettings } from './estimators/estimators.factory';
import { TRANSFER_PATHS } from './estimators/transfer-time.estimator';
import { DEFAULT_TENANT_FAIRNESS, TenantFairness, type TenantFairnessOptions } from './fairness/tenant-fairness.rule';
import { builtinPlugins } from './plugins/builtin.plugins';
import { type PluginDeps } from './profile/plugin.port';
import { type PluginRegistry } from './profile/plugin.registry';
import { buildProfile } from './profile/profile.build';
import { type SchedulerProfileConfig } from './profile/profile.config';
import { POLICY_NAMES, type PolicyName, profileFromPolicies } from './profile/profile.flags';
import { Scheduler } from './scheduler';

/** A scheduler described by names and numbers, as configuration gives it. */
export interface SchedulerSettings {
  /** The prefill profile by the name of the policy it stands for (`profileFromPolicies`). */
  readonly policy: PolicyName;
  readonly decodePolicy: PolicyName;
  /** Profiles given as configuration; used instead of `policy` and `decodePolicy`, and its admission, when it names one, instead of `admission`. */
  readonly profile?: SchedulerProfileConfig;
  /** The plugins profiles may name; the built-in ones when absent. */
  readonly plugins?: PluginRegistry;
  /** `none` when absent; `early` and `predictive` need `slo`. */
  readonly admission?: AdmissionName;
  readonly maxInFlightPerInstance: number;
  readonly retryAfterMs: number;
  readonly slo?: SloTargets;
  readonly estimators?: EstimatorSettings;
  readonly prioritySloScale?: Partial<PrioritySloScale>;
  /** Per-tenant fair shares under load when present. */
  readonly fairness?: Partial<TenantFairnessOptions>;
  /** Session affinity in a map of its own when present. */
  readonly sessionAffinity?: Partial<SessionAffinityOptions> & { readonly clock: MonotonicClock };
  /** Session affinity in a map that outlives this scheduler (the conductor keeps one across refits); used instead of `sessionAffinity`'s. */
  readonly sessions?: SessionAffinity;
}

export interface SchedulerSettingsError {
  readonly kind: 'invalid-scheduler-settings';
  /** The offending setting, dotted. */
  readonly key: string;
  readonly message: string;
}

/** Validates the settings and builds the scheduler, sharing one set of estimators between every part. */
export function createScheduler(settings: SchedulerSettings): Result<Scheduler, SchedulerSettingsError> {
  const problem = firstProblem(settings);
  if (problem !== undefined) return err({ kind: 'invalid-scheduler-settings', key: problem[0], message: problem[1] });
  const estimators = createEstimators(settings.estimators);
  const affinity = settings.sessionAffinity;
  const sessions = settings.sessions ?? (affinity && new SessionAffinity(affinity.clock, { ...DEFAULT_SESSION_AFFINITY, ...withoutClock(affinity) }));
  const profile = settings.profile ?? profileFromPolicies(settings.policy, settings.decodePolicy, sessions !== undefined);
  const registry = settings.plugins ?? builtinPlugins();
  const deps: PluginDeps = { sessions };
  const prefill = buildProfile(profile.prefill, 'prefill', registry, deps);
  if (!prefill.ok) return err({ kind: 'invalid-scheduler-settings', key: `profile.${prefill.error.key}`, message: prefill.error.message });
  const decode = buildProfile(profile.decode, 'decode', registry, deps);
  if (!decode.ok) return err({ kind: 'invalid-scheduler-settings', key: `profile.${decode.error.key}`, message: decode.error.message });
  return ok(
    new Scheduler({
      prefill: prefill.value,
      decode: decode.value,
      maxInFlightPerInstance: settings.maxInFlightPerInstance,
      retryAfterMs: settings.retryAfterMs,
      ttft: estimators.ttft,
      tbt: estimators.tbt,
      slo: settings.slo,
      admission: ADMISSION_POLICIES[profile.admission ?? settings.admission ?? 'none'](),
      prioritySloScale: { ...DEFAULT_PRIORITY_SLO_SCALE, ...settings.prioritySloScale },
      fairness: settings.fairness && new TenantFairness({ ...DEFAULT_TENANT_FAIRNESS, ...settings.fairness }),
      sessions,
    }),
  );
}

function withoutClock(settings: Partial<SessionAffinityOptions> & { readonly clock: MonotonicClock }): Partial<SessionAffinityOptions> {
  const { clock: _clock, ...options } = settings;
  return options;
}

/** The first setting that is wrong, with why. */
function firstProblem(s: SchedulerSettings): [string, string] | undefined {
  const positive = (value: number | undefined) => value === undefined || (Number.isFinite(value) && value > 0);
  if (!POLICY_NAMES.includes(s.policy)) return ['policy', `unknown policy "${s.policy}"`];
  if (!POLICY_NAMES.includes(s.decodePolicy)) return ['decodePolicy', `unknown policy "${s.decodePolicy}"`];
  if (s.admission !== undefined && !(s.admission in ADMISSION_POLICIES)) return ['admission', `unknown admission policy "${s.admission}"`];
  const admission = s.profile?.admission ?? s.admission;
  if (!Number.isInteger(s.maxInFlightPerInstance) || s.maxInFlightPerInstance < 1) return ['maxInFlightPerInstance', 'must be a positive integer'];
  if (!(s.retryAfterMs >= 0)) return ['retryAfterMs', 'must be 0 or more'];
  if (admission !== undefined && admission !== 'none' && s.slo === undefined) return ['slo', `admission "${admission}" judges against targets: set slo.ttftMs and slo.tbtMs`];
  if (!positive(s.slo?.ttftMs)) return ['slo.ttftMs', 'must be positive'];
  if (!positive(s.slo?.tbtMs)) return ['slo.tbtMs', 'must be positive'];
  const threshold = s.estimators?.kvcacheBalanceThreshold;
  if (threshold !== undefined && !(threshold >= 1)) return ['estimators.kvcacheBalanceThreshold', 'must be 1 or more: it compares prefix lengths'];
  for (const path of TRANSFER_PATHS) {
    if (!positive(s.estimators?.bandwidthBytesPerS?.[path])) return [`estimators.bandwidthBytesPerS.${path}`, 'must be positive'];
  }
  for (const priority of PRIORITY_CLASSES) {
    if (!positive(s.prioritySloScale?.[priority])) return [`prioritySloScale.${priority}`, 'must be positive'];
  }
  if (s.fairness?.overShareFactor !== undefined && !(s.fairness.overShareFactor >= 1)) return ['fairness.overShareFactor', 'must be 1 or more'];
  if (s.fairness?.engageAtUtilisation !== undefined && !(s.fairness.engageAtUtilisation >= 0)) return ['fairness.engageAtUtilisation', 'must be 0 or more'];
  const capacity = s.sessionAffinity?.capacity;
  if (capacity !== undefined && !(Number.isInteger(capacity) && capacity > 0)) return ['sessionAffinity.capacity', 'must be a positive integer'];
  if (!positive(s.sessionAffinity?.ttlMs)) return ['sessionAffinity.ttlMs', 'must be positive'];
  return undefined;
}
