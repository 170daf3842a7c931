import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok } from '@tsukimi/result';
import { ManualClock } from '@tsukimi/telemetry';
import { BlockReadStats, type BlockReadStatsOptions } from './block-read.stats';
import { type GetHit } from './leased.read';

const key = (hex: string) => hex as BlockKey;
const hit = (k: BlockKey, sizeBytes = 100) => ok<GetHit>({ key: k, sizeBytes, replicas: [], leaseExpiresAtMs: 0 });
const miss = (k: BlockKey) => err({ kind: 'not-found' as const, key: k });
const options = (over: Partial<BlockReadStatsOptions> = {}): BlockReadStatsOptions => ({ reuseSampleRate: 1, reuseTrackedBlocks: 64, hitHalfLifeMs: 1000, hitTrackedBlocks: 64, ...over });

describe('BlockReadStats', () => {
  const [a, b, c] = [key('00000001000000aa'), key('7fffffff000000bb'), key('f0000000000000cc')];

  it('every key asked is an access on the curve, found or not; only found ones are hits', () => {
    const clock = new ManualClock();
    const stats = new BlockReadStats(options(), clock);
    stats.record([a, b], [hit(a, 100), miss(b)]);
    stats.record([a, b], [hit(a, 300), miss(b)]);
    const report = stats.report([a, b]);
    expect(report.reuseDistances).toEqual({ sampleRate: 1, coldReads: 2, counts: [0, 2] });
    expect(report.hits).toEqual([2, 0]);
    expect(report.meanBlockBytes).toBe(200);
  });

  it.each<[string, number, BlockKey[]]>([
    // the top 32 bits of the key over 2^32 against the rate
    ['half: keys under 0x80000000 traced', 0.5, [a, b]],
    ['none below the smallest key\'s share', 1e-12, []],
    ['all', 1, [a, b, c]],
  ])('samples keys by their hash: %s', (_name, rate, traced) => {
    const stats = new BlockReadStats(options({ reuseSampleRate: rate }), new ManualClock());
    stats.record([a, b, c, a, b, c], []);
    expect(stats.report([]).reuseDistances.coldReads).toBe(traced.length);
  });

  it('off: rate 0 and no tracked blocks record nothing', () => {
    const stats = new BlockReadStats(options({ reuseSampleRate: 0, hitTrackedBlocks: 0 }), new ManualClock());
    stats.record([a], [hit(a)]);
    expect(stats.report([a])).toEqual({ reuseDistances: { sampleRate: 0, coldReads: 0, counts: [] }, hits: [0], meanBlockBytes: 100 });
  });

  it('hits decay with the clock', () => {
    const clock = new ManualClock();
    const stats = new BlockReadStats(options(), clock);
    stats.record([a], [hit(a)]);
    stats.record([a], [hit(a)]);
    clock.advanceMs(1000);
    expect(stats.report([a]).hits).toEqual([1]);
  });
});
