import { exposureProblem, isLoopbackHost } from './exposure.rule';

describe('exposureProblem', () => {
  const base = { tenantHeader: 'x-tsukimi-tenant', insecureNoAuth: false };

  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])('lets %s serve without keys', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
    expect(exposureProblem({ ...base, host })).toBeUndefined();
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'conductor.example', '128.0.0.1'])('refuses %s without keys, naming both flags', (host) => {
    expect(exposureProblem({ ...base, host })).toBe(
      `refusing to listen on ${host} without API keys: give --api-keys-file, or --insecure-no-auth to accept every request and trust its x-tsukimi-tenant header`,
    );
  });

  it('lets any host serve with keys, or when told to go without', () => {
    expect(exposureProblem({ ...base, host: '0.0.0.0', apiKeysFile: '/keys.yaml' })).toBeUndefined();
    expect(exposureProblem({ ...base, host: '0.0.0.0', insecureNoAuth: true })).toBeUndefined();
  });
});
