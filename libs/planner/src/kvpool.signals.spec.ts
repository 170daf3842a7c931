import { ReuseDistanceHistogram, seededRandom } from '@tsukimi/kv-store';
import { kvpoolSignalsFrom } from './kvpool.signals';
import { Planner } from './planner';
import { type PoolReadStats } from './pool-read-stats.port';
import { ManualClock, specOptions } from './testing/planner.fixtures';

/** A master's statistics after `reads` of uniformly chosen blocks from a working set, unsampled. */
function statsAfter(workingSetBlocks: number, reads: number, over: Partial<PoolReadStats> = {}): PoolReadStats {
  const random = seededRandom(9);
  const histogram = new ReuseDistanceHistogram(1, 1 << 14);
  for (let i = 0; i < reads; i++) histogram.read(`b${Math.floor(random.next() * workingSetBlocks)}`, 0);
  return { reuseDistances: histogram.snapshot(), hits: [], meanBlockBytes: 1024, storageNodes: 1, dramBytesPerNode: 100 * 1024, ssdBytesPerNode: 0, ...over };
}

describe('kvpool signals from the master\'s read statistics', () => {
  it.each<[string, Partial<PoolReadStats>]>([
    ['no read sampled yet', { reuseDistances: { sampleRate: 0.01, coldReads: 0, counts: [] } }],
    ['recording off', { reuseDistances: { sampleRate: 0, coldReads: 0, counts: [] } }],
    ['no storage node', { storageNodes: 0 }],
    ['no block read, so no block size', { meanBlockBytes: 0 }],
    ['a node smaller than one block', { dramBytesPerNode: 100 }],
  ])('none when %s', (_name, over) => {
    expect(kvpoolSignalsFrom(statsAfter(100, 1000, over))).toBeUndefined();
  });

  it('a node holds its DRAM over the mean block read, the nodes\' SSD and the block size pass through, and the curve is the recorded one', () => {
    const signals = kvpoolSignalsFrom(statsAfter(300, 3000, { storageNodes: 2, meanBlockBytes: 2048, ssdBytesPerNode: 4096 }))!;
    expect(signals.nodes).toBe(2);
    expect(signals.blocksPerNode).toBe(50);
    expect([signals.blockBytes, signals.ssdBytesPerNode]).toEqual([2048, 4096]);
    // 300 first reads of 3,000: at most 90% can hit; a cache of the whole set hits nearly that, a third of it about a third.
    expect(signals.curve.hitRatio(512)).toBeGreaterThan(0.85);
    expect(signals.curve.hitRatio(100)).toBeLessThan(0.4);
  });

  it.each([
    // working set (blocks) -> nodes of 100 blocks the slow loop settles on, one node per tick
    ['a working set within one node keeps one', 60, 1],
    ['uniform reuse over 350 blocks: nodes are added while the next adds two points; between 256 and 512 blocks the curve is a straight line, so the fifth node (400 to 500 blocks) still shows some', 350, 5],
    ['a working set past the maximum stops at it', 2000, 6],
  ])('the planner sizes the pool from a recorded curve: %s', (_name, workingSet, nodes) => {
    const clock = new ManualClock();
    const planner = new Planner(specOptions({}, { kvpool: { scaleUpWindowMs: 0, scaleUpCooldownMs: 0 } }), clock, { decided: () => undefined, kvpoolSsdDecided: () => undefined });
    const recorded = statsAfter(workingSet, 10 * workingSet);
    let current = 1;
    for (let tick = 0; tick < 8; tick++, clock.advance(60_000)) {
      const signals = kvpoolSignalsFrom({ ...recorded, storageNodes: current })!;
      current = planner.slowTick({ kvpool: signals })[0]!.desiredReplicas;
    }
    expect(current).toBe(nodes);
  });
});
