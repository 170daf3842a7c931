import { type KvpoolSsdBounds, planKvpoolSsd } from './kvpool-ssd.sizer';
import { type HitRatioCurve } from './kvpool.sizer';

/** Uniform reuse over 10,000 blocks: the hit ratio rises in a straight line to 0.9 at 10,000 blocks. */
const ramp: HitRatioCurve = { hitRatio: (c) => 0.9 * Math.min(1, c / 10_000) };
/** A loop over 3,500 blocks read in turn: nothing hits until all of it fits. */
const loop: HitRatioCurve = { hitRatio: (c) => (c >= 3_500 ? 0.9 : 0) };
/** Slack 0.009: the SSD must reach 0.891, which the ramp reaches at 9,900 blocks. */
const BOUNDS: KvpoolSsdBounds = { minBytesPerNode: 0, maxBytesPerNode: 1e9, hitRatioSlack: 0.009 };

describe('planKvpoolSsd (nodes of 1,000 DRAM blocks, blocks of 1,000 bytes)', () => {
  it.each<[string, HitRatioCurve, number, Partial<KvpoolSsdBounds>, number, string]>([
    // curve, nodes, bounds -> SSD bytes per node, reason
    ['two nodes: 9,900 blocks less 2,000 of DRAM, half each', ramp, 2, {}, 3_950_000, 'hit-ratio-gain'],
    ['four nodes share less SSD: (9,900 - 4,000) / 4', ramp, 4, {}, 1_475_000, 'hit-ratio-gain'],
    ['ten nodes\' DRAM alone reaches the curve\'s best: none', ramp, 10, {}, 0, 'hit-ratio-plateau'],
    ['the maximum bounds it while the curve still gains past it', ramp, 2, { maxBytesPerNode: 2_000_000 }, 2_000_000, 'at-max'],
    ['the minimum holds where the curve asks for less', ramp, 10, { minBytesPerNode: 500_000 }, 500_000, 'at-min'],
    ['a minimum under the curve\'s need changes nothing', ramp, 2, { minBytesPerNode: 1_000_000 }, 3_950_000, 'hit-ratio-gain'],
    ['a cliff: a loop over 3,500 blocks needs 2,500 behind one node\'s DRAM', loop, 1, {}, 2_500_000, 'hit-ratio-gain'],
    ['no node reported: sized for one', loop, 0, {}, 2_500_000, 'hit-ratio-gain'],
  ])('%s', (_name, curve, nodes, bounds, bytesPerNode, reason) => {
    const plan = planKvpoolSsd({ curve, nodes, dramBlocksPerNode: 1_000, blockBytes: 1_000 }, { ...BOUNDS, ...bounds });
    expect({ bytesPerNode: plan.bytesPerNode, reason: plan.reason }).toEqual({ bytesPerNode, reason });
  });

  it('predicts the hit ratio with that SSD, and a block less per node falls short of the slack', () => {
    const saturating: HitRatioCurve = { hitRatio: (c) => 0.8 * (1 - Math.exp(-c / 2_000)) };
    const plan = planKvpoolSsd({ curve: saturating, nodes: 3, dramBlocksPerNode: 1_000, blockBytes: 1_000 }, BOUNDS);
    const blocksPerNode = plan.bytesPerNode / 1_000;
    expect(plan.hitRatio).toBe(saturating.hitRatio(3 * (1_000 + blocksPerNode)));
    expect(plan.hitRatio).toBeGreaterThanOrEqual(0.8 - 0.009);
    expect(saturating.hitRatio(3 * (1_000 + blocksPerNode - 1))).toBeLessThan(0.8 - 0.009);
  });

  it('bytes are whole blocks of the mean block read, rounded up to a byte', () => {
    const plan = planKvpoolSsd({ curve: ramp, nodes: 2, dramBlocksPerNode: 1_000, blockBytes: 1_000.5 }, BOUNDS);
    expect(plan.bytesPerNode).toBe(Math.ceil(3_950 * 1_000.5));
  });
});
