import { type NodeId } from '../common/node-id';
import { seededRandom } from '../common/random';
import { PLACEMENT_STRATEGIES, type NodeSpace } from './placement.port';
import { placementStrategy } from './placement.registry';

const node = (id: string, usedBytes = 0, capacityBytes = 1000): NodeSpace => ({ nodeId: id as NodeId, capacityBytes, usedBytes });
const four = [node('a'), node('b'), node('c'), node('d')];

function shares(type: (typeof PLACEMENT_STRATEGIES)[number], candidates: readonly NodeSpace[], draws: number, preferredNode?: string) {
  const random = seededRandom(42);
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i += 1) {
    const [first] = placementStrategy(type).place({ sizeBytes: 10, replicas: 1, preferredNode: preferredNode as NodeId }, candidates, random);
    if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].map(([id, count]) => [id, count / draws]));
}

describe('placement strategies', () => {
  describe.each(PLACEMENT_STRATEGIES)('%s', (type) => {
    it.each([
      { replicas: 1, candidates: four, placed: 1 },
      { replicas: 3, candidates: four, placed: 3 },
      { replicas: 4, candidates: four, placed: 4 },
      { replicas: 3, candidates: [node('a'), node('b')], placed: 2 },
      { replicas: 2, candidates: [], placed: 0 },
    ])('places $replicas replicas on $placed distinct nodes out of $candidates.length', ({ replicas, candidates, placed }) => {
      const nodes = placementStrategy(type).place({ sizeBytes: 10, replicas, preferredNode: 'b' as NodeId }, candidates, seededRandom(1));
      expect(nodes).toHaveLength(placed);
      expect(new Set(nodes).size).toBe(placed);
    });

    it('is reproducible under a seed', () => {
      const run = () => placementStrategy(type).place({ sizeBytes: 10, replicas: 2 }, four, seededRandom(7));
      expect(run()).toEqual(run());
    });
  });

  it('random spreads writes evenly', () => {
    for (const share of Object.values(shares('random', four, 4000))) expect(share).toBeGreaterThan(0.2);
  });

  it('free-ratio-first sends a write to the freer node of the two drawn', () => {
    expect(shares('free-ratio-first', [node('full', 900), node('free', 100)], 200)).toEqual({ free: 1 });
  });

  it.each([
    { type: 'random', low: 0.2, high: 0.3 },
    { type: 'free-ratio-first', low: 0.4, high: 0.6 },
    { type: 'local-first', low: 0.2, high: 0.3 },
  ] as const)('$type gives a node that rejoined empty between $low and $high of new writes, not all of them', ({ type, low, high }) => {
    const pool = [node('a', 800), node('b', 800), node('c', 800), node('rejoined', 0)];
    const share = shares(type, pool, 4000)['rejoined'] ?? 0;
    expect(share).toBeGreaterThan(low);
    expect(share).toBeLessThan(high);
  });

  it('local-first puts the first replica on the writer node and the others elsewhere', () => {
    const nodes = placementStrategy('local-first').place({ sizeBytes: 10, replicas: 3, preferredNode: 'c' as NodeId }, four, seededRandom(3));
    expect(nodes[0]).toBe('c');
    expect(nodes.slice(1)).not.toContain('c');
  });

  it('local-first falls back to random when the writer node has no room', () => {
    expect(shares('local-first', [node('a'), node('b')], 1000, 'c')['a']).toBeGreaterThan(0.4);
  });
});
