import { type HitRatioCurve, planKvpool } from './kvpool.sizer';

/** A curve that saturates: 1 - e^(-capacity / scale), capped at `best`. */
const saturating = (scaleBlocks: number, best = 0.8): HitRatioCurve => ({ hitRatio: (c) => best * (1 - Math.exp(-c / scaleBlocks)) });

describe('planKvpool (nodes of 1000 blocks)', () => {
  it.each([
    // curve scale, min gain per node, min, max -> nodes
    ['a curve that saturates within one node needs one', 100, 0.02, 1, 8, 1],
    ['a wide curve is worth nodes until the next adds under two points', 2000, 0.02, 1, 8, 6],
    ['a cheaper node (one point) buys more', 2000, 0.01, 1, 8, 7],
    ['the maximum bounds it', 2000, 0.001, 1, 3, 3],
    ['the minimum holds even on a flat curve', 10, 0.02, 2, 8, 2],
  ])('%s', (_name, scale, gain, min, max, want) => {
    const plan = planKvpool(saturating(scale), 1000, gain, min, max);
    expect(plan.nodes).toBe(want);
    if (plan.nodes < max && plan.nodes >= min) expect(plan.nextNodeGain).toBeLessThan(gain);
  });

  it.each([
    // a loop over `set` blocks: every read misses until all of them fit, then all but the first hit
    ['a loop over 3,500 blocks: nothing until four nodes, then all; the cliff is stepped over', 3500, 8, 4],
    ['the same loop past the maximum: nothing the allowed nodes buy is worth it', 3500, 3, 1],
  ])('%s', (_name, set, max, want) => {
    const loop: HitRatioCurve = { hitRatio: (c) => (c >= set ? 0.9 : 0) };
    expect(planKvpool(loop, 1000, 0.02, 1, max).nodes).toBe(want);
  });
});
