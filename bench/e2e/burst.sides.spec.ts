import { envName } from '@tsukimi/config';
import { DISAGGREGATION_MODES } from '@tsukimi/conductor';
import { conductorSchema } from '../../apps/conductor/src/conductor.config';
import { kvpoolSchema } from '../../apps/kvpool/src/kvpool.config';
import { burstSide } from './burst.sides';

/** The flags each comparison is about, dropped, leaving what must be equal on every side. */
const REPLICATION_KEYS = ['TSUKIMI_KVPOOL_HOT_REPLICAS', 'TSUKIMI_CONDUCTOR_WARM_COPIES'];
const common = (side: ReturnType<typeof burstSide>) => ({
  cluster: { ...side.cluster, disaggregation: undefined },
  env: Object.fromEntries(Object.entries(side.env).filter(([key]) => !REPLICATION_KEYS.includes(key))),
});

describe('shared-prefix burst sides', () => {
  const sides = DISAGGREGATION_MODES.flatMap((mode) => (['off', 'on'] as const).map((replication) => ({ mode, replication, side: burstSide(mode, replication) })));

  it('are one cluster but for --disaggregation and, with replication on, --hot-replicas and --warm-copies', () => {
    for (const { side } of sides) expect(common(side)).toEqual(common(sides[0]!.side));
    for (const { mode, replication, side } of sides) {
      expect(side.cluster.disaggregation).toBe(mode);
      const [hotReplicas, warmCopies] = REPLICATION_KEYS.map((key) => Number(side.env[key]));
      if (replication === 'off') expect([hotReplicas, warmCopies]).toEqual([1, 1]);
      else {
        expect(hotReplicas).toBeGreaterThan(1);
        expect(warmCopies).toBeGreaterThan(1);
      }
    }
  });

  it.each([
    ['TSUKIMI_KVPOOL', kvpoolSchema],
    ['TSUKIMI_CONDUCTOR', conductorSchema],
  ])('name real configuration keys of %s', (prefix, schema) => {
    const keys = Object.keys(burstSide('auto', 'on').env).filter((key) => key.startsWith(`${prefix}_`));
    expect(keys.length).toBeGreaterThan(0);
    const known = Object.keys(schema).map((key) => envName(prefix, key));
    for (const key of keys) expect(known).toContain(key);
  });
});
