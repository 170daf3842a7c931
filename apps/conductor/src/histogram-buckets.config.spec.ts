import { formatConfigErrors, loadConfig } from '@tsukimi/config';
import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '@tsukimi/telemetry';
import { conductorSchema } from './conductor.config';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(conductorSchema, { argv, env, prefix: 'TSUKIMI_CONDUCTOR' });

describe('the conductor\'s histogram bucket settings', () => {
  it('default to the telemetry buckets', () => {
    const loaded = load([]);
    expect(loaded.ok && [loaded.value.ttftBucketsSeconds, loaded.value.interTokenBucketsSeconds, loaded.value.e2eBucketsSeconds]).toEqual([
      TTFT_BUCKETS_SECONDS,
      TBT_BUCKETS_SECONDS,
      E2E_BUCKETS_SECONDS,
    ]);
  });

  it('take ascending edges from flags and the environment', () => {
    const loaded = load(['--ttft-buckets-seconds', '0.1,0.5,2.5'], { TSUKIMI_CONDUCTOR_E2E_BUCKETS_SECONDS: '1,60' });
    expect(loaded.ok && [loaded.value.ttftBucketsSeconds, loaded.value.e2eBucketsSeconds]).toEqual([[0.1, 0.5, 2.5], [1, 60]]);
  });

  it.each([
    ['--ttft-buckets-seconds', '0.5,0.1'],
    ['--inter-token-buckets-seconds', '0,0.1'],
    ['--e2e-buckets-seconds', ''],
  ])('refuse %s %p at start, naming the flag', (flag, value) => {
    const loaded = load([flag, value]);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(formatConfigErrors(loaded.error)).toBe(`invalid config: ${flag}: expected a comma-separated list of one or more positive numbers in strictly ascending order, got ${JSON.stringify(value)}`);
  });
});
