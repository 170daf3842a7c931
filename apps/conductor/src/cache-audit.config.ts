import { field } from '@tsukimi/config';
import { type CacheTrustOptions, cacheTrustProblem, DEFAULT_CACHE_TRUST_OPTIONS, type ReuseAuditOptions } from '@tsukimi/conductor';

const d = DEFAULT_CACHE_TRUST_OPTIONS;

/** When the conductor stops counting a prefill instance's cache in scoring, and when it counts it again. */
export const cacheAuditSchema = {
  cacheTrust: field.boolean({
    default: true,
    description: 'Prefill instances whose reuse falls persistently short of the cached tokens predicted for them have their cache counted as empty in scoring until predictions match again; false: the audit only reports (metrics, provenance, log)',
  }),
  cacheTrustWindowRequests: field.int({ min: 1, default: d.windowRequests, description: 'The last requests per prefill instance, among those with reuse predicted or keyed otherwise than the conductor, over which its shortfalls are counted' }),
  cacheTrustShortfallRequests: field.int({ min: 1, default: d.shortfallRequests, description: 'Shortfalls within --cache-trust-window-requests that make an instance\'s cache untrusted (at most the window)' }),
  cacheTrustMinReuseRatio: field.number({ min: 0.01, max: 1, default: d.minReuseRatio, description: 'Share of the predicted cached tokens a request must reuse to count as matching; less is a shortfall' }),
  cacheTrustRetrustRequests: field.int({ min: 1, default: d.retrustRequests, description: 'Requests in a row matching their (shadow) predictions that make an untrusted instance\'s cache trusted again' }),
  cacheTrustProbeIntervalMs: field.duration({ min: 1, default: d.probeIntervalMs, description: 'An untrusted instance no request with predicted reuse has tested for this long is scored with its cache again until one does, so that it can show it recovered' }),
};

interface CacheAuditSettings {
  readonly cacheTrust: boolean;
  readonly cacheTrustWindowRequests: number;
  readonly cacheTrustShortfallRequests: number;
  readonly cacheTrustMinReuseRatio: number;
  readonly cacheTrustRetrustRequests: number;
  readonly cacheTrustProbeIntervalMs: number;
}

/** The audit's options out of the conductor's settings; a bad combination fails boot naming its flag. */
export function cacheAuditOptions(config: CacheAuditSettings): ReuseAuditOptions {
  const trust: CacheTrustOptions = {
    windowRequests: config.cacheTrustWindowRequests,
    shortfallRequests: config.cacheTrustShortfallRequests,
    minReuseRatio: config.cacheTrustMinReuseRatio,
    retrustRequests: config.cacheTrustRetrustRequests,
    probeIntervalMs: config.cacheTrustProbeIntervalMs,
  };
  const problem = cacheTrustProblem(trust);
  if (problem !== undefined) throw new Error(`cache trust setting --cache-trust-${kebab(problem.split(' ')[0]!)}: ${problem}`);
  return { trust, ignoreUntrusted: config.cacheTrust };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
