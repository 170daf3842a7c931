import { keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { planReplicas, targetReplicas, type BlockReplicas, type NodeRoom } from './hot-replica.policy';

const options = { hotReplicas: 3, hotReadsPerWindow: 10, maxCopiesPerPass: 16 };
const [a, b, c] = [nodeId('a'), nodeId('b'), nodeId('c')];

function block(n: number, readsInWindow: number, holders = [a], added: string[] = [], leased = false): BlockReplicas {
  return { key: keyOf(n), sizeBytes: 100, readsInWindow, holders, added: added.map(nodeId), leased };
}
const room = (entries: Record<string, number>): NodeRoom[] => Object.entries(entries).map(([name, freeBytes]) => ({ nodeId: nodeId(name), freeBytes }));

describe('targetReplicas', () => {
  it.each([
    [0, 1, 1],
    [9, 1, 1],
    [10, 1, 2],
    [25, 1, 3],
    [1000, 1, 3],
    [9, 2, 2],
    [10, 2, 3],
    [10, 4, 4],
  ])('%i reads over a base of %i: %i replicas', (reads, base, expected) => {
    expect(targetReplicas(reads, base, options)).toBe(expected);
  });
});

describe('planReplicas', () => {
  it('copies a hot block to the nodes with the most room, from its holders', () => {
    const plan = planReplicas([block(1, 30)], room({ a: 1000, b: 500, c: 900, d: 100 }), options);
    expect(plan.copies.map((copy) => [copy.target, copy.sources])).toEqual([
      [c, [a]],
      [b, [a]],
    ]);
    expect(plan.drops).toEqual([]);
  });

  it('copies only into room free below the watermark, and reports the blocks left short', () => {
    const plan = planReplicas([block(1, 30)], room({ a: 1000, b: 150, c: 99 }), options);
    expect(plan.copies.map((copy) => copy.target)).toEqual([b]);
    expect(plan.shortOfRoom).toEqual([keyOf(1)]);
  });

  it('gives scarce room to the hottest block, never to a cooler one first', () => {
    const plan = planReplicas([block(1, 12), block(2, 40)], room({ a: 1000, b: 100 }), options);
    expect(plan.copies.map((copy) => copy.key)).toEqual([keyOf(2)]);
    expect(plan.shortOfRoom).toEqual([keyOf(2), keyOf(1)]);
  });

  it('leaves a cold block alone', () => {
    expect(planReplicas([block(1, 3)], room({ b: 1000 }), options)).toEqual({ copies: [], drops: [], shortOfRoom: [] });
  });

  it('decays a cooled block back to its base count, dropping the newest added copies only', () => {
    const plan = planReplicas([block(1, 0, [a, b, c], ['b', 'c'])], room({ d: 1000 }), options);
    expect(plan.drops.map((drop) => drop.nodeId)).toEqual([c, b]);
    expect(planReplicas([block(1, 12, [a, b, c], ['b', 'c'])], room({}), options).drops.map((drop) => drop.nodeId)).toEqual([c]);
  });

  it('never drops below the base count a put asked for, nor while a reader holds a lease', () => {
    expect(planReplicas([block(1, 0, [a, b], [])], room({}), options).drops).toEqual([]);
    expect(planReplicas([block(1, 0, [a, b], ['b'], true)], room({}), options).drops).toEqual([]);
  });

  it('keeps one copy when the original holder is gone', () => {
    const plan = planReplicas([block(1, 0, [b, c], ['b', 'c'])], room({}), options);
    expect(plan.drops.map((drop) => drop.nodeId)).toEqual([c]);
  });

  it('starts at most maxCopiesPerPass copies in one pass', () => {
    const plan = planReplicas([block(1, 50), block(2, 50)], room({ b: 1000, c: 1000, d: 1000 }), { ...options, maxCopiesPerPass: 3 });
    expect(plan.copies).toHaveLength(3);
  });
});
