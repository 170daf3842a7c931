import { DEFAULT_CACHE_TRUST_OPTIONS } from '@tsukimi/conductor';
import { cacheAuditOptions } from './cache-audit.config';

const settings = {
  cacheTrust: true,
  cacheTrustWindowRequests: 8,
  cacheTrustShortfallRequests: 4,
  cacheTrustMinReuseRatio: 0.5,
  cacheTrustRetrustRequests: 3,
  cacheTrustProbeIntervalMs: 10_000,
};

describe('cacheAuditOptions', () => {
  it('maps the flags to the tracker\'s options', () => {
    expect(cacheAuditOptions({ ...settings, cacheTrust: false })).toEqual({ trust: DEFAULT_CACHE_TRUST_OPTIONS, ignoreUntrusted: false });
  });

  it('fails naming the flag when more shortfalls are asked for than the window holds', () => {
    expect(() => cacheAuditOptions({ ...settings, cacheTrustShortfallRequests: 9 })).toThrow('--cache-trust-shortfall-requests');
  });
});
