import { type PluginRef, type RoleProfileConfig, type SchedulerProfileConfig } from './profile.config';

/** The policies the `--policy` and `--decode-policy` flags name; each stands for a profile below. */
export const POLICY_NAMES = ['round-robin', 'least-loaded', 'prefix-aware', 'kvcache-centric'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

const MAX_SCORE: PluginRef = { type: 'max-score' };

/** One scorer under `max-score`, or `round-robin` alone. */
function scored(policy: PolicyName, filters: readonly PluginRef[]): RoleProfileConfig {
  if (policy === 'round-robin') return { name: policy, filters, picker: { type: 'round-robin' } };
  return { name: policy, filters, scorers: [{ type: policy, weight: 1 }], picker: MAX_SCORE };
}

/** The prefill profile a policy name stands for, behind the session-affinity filter when sessions are kept. */
export function prefillProfileOf(policy: PolicyName, sessionAffinity: boolean): RoleProfileConfig {
  return scored(policy, sessionAffinity ? [{ type: 'session-affinity' }] : []);
}

/**
 * The decode profile a policy name stands for. `kvcache-centric` has no decode side in
 * Mooncake's Algorithm 1: for decode it stands for TBT-bounded selection, the `tbt-slo` filter
 * then the least loaded of the instances left.
 */
export function decodeProfileOf(policy: PolicyName): RoleProfileConfig {
  if (policy === 'kvcache-centric') return { name: policy, filters: [{ type: 'tbt-slo' }], scorers: [{ type: 'least-loaded', weight: 1 }], picker: MAX_SCORE };
  return scored(policy, []);
}

/** The profiles the conductor's policy flags describe. */
export function profileFromPolicies(policy: PolicyName, decodePolicy: PolicyName, sessionAffinity: boolean): SchedulerProfileConfig {
  return { prefill: prefillProfileOf(policy, sessionAffinity), decode: decodeProfileOf(decodePolicy) };
}
