import { type BlockKey } from '@tsukimi/kv-block';
import { instanceId } from '@tsukimi/scheduler';
import { planWarmCopies, type WarmCandidate, type WarmablePrefix } from './warm-copy.policy';

const keys = (n: number, tag = 'k') => Array.from({ length: n }, (_, i) => `${tag}${i}` as BlockKey);
const options = { copies: 2, maxInFlight: 4 };

function instance(id: string, over: Partial<Omit<WarmCandidate, 'id'>> = {}): WarmCandidate {
  return { id: instanceId(id), routable: true, inFlightRequests: 0, inFlightTokens: 0, heldBlocks: 0, freeBlocks: 100, warming: false, ...over };
}
const prefix = (blocks: number, instances: WarmCandidate[], tag?: string): WarmablePrefix => ({ blockKeys: keys(blocks, tag), instances });
const warmed = (plan: ReturnType<typeof planWarmCopies>) => plan.warms.map((w) => `${w.prefix}:${w.instance}`);

describe('planWarmCopies', () => {
  it('warms the least loaded instance that lacks the prefix, up to the holders asked for', () => {
    const plan = planWarmCopies([prefix(4, [instance('a', { heldBlocks: 4 }), instance('b', { inFlightRequests: 2 }), instance('c', { inFlightRequests: 1 })])], 0, { ...options, copies: 3 });
    expect(warmed(plan)).toEqual(['0:c', '0:b']);
    expect(planWarmCopies([prefix(4, [instance('a', { heldBlocks: 4 }), instance('b', { inFlightRequests: 2 }), instance('c', { inFlightTokens: 9 })])], 0, options).warms).toEqual([
      { prefix: 0, instance: 'c' },
    ]);
  });

  it('counts a warm in flight as a holder, and warms nothing where enough hold it', () => {
    expect(warmed(planWarmCopies([prefix(4, [instance('a', { heldBlocks: 4 }), instance('b', { warming: true }), instance('c')])], 1, options))).toEqual([]);
    expect(warmed(planWarmCopies([prefix(4, [instance('a', { heldBlocks: 4 }), instance('b', { heldBlocks: 4 }), instance('c')])], 0, options))).toEqual([]);
  });

  it('leaves out instances that are not routable, and does not count them as holders', () => {
    const plan = planWarmCopies([prefix(4, [instance('a', { heldBlocks: 4, routable: false }), instance('b', { routable: false }), instance('c'), instance('d', { inFlightRequests: 1 })])], 0, options);
    expect(warmed(plan)).toEqual(['0:c', '0:d']);
  });

  it('warms only into free blocks, counting those an instance already holds, and reports a prefix left short', () => {
    const plan = planWarmCopies([prefix(6, [instance('a', { heldBlocks: 6 }), instance('b', { freeBlocks: 5 }), instance('c', { freeBlocks: undefined })])], 0, options);
    expect(plan).toEqual({ warms: [], noRoom: [0] });
    expect(warmed(planWarmCopies([prefix(6, [instance('a', { heldBlocks: 6 }), instance('b', { freeBlocks: 5, heldBlocks: 2 })])], 0, options))).toEqual(['0:b']);
  });

  it('spends an instance\'s free blocks once across prefixes, hottest first', () => {
    const shared = (held: number) => [instance('a', { heldBlocks: held }), instance('b', { freeBlocks: 6 })];
    const plan = planWarmCopies([prefix(4, shared(4), 'hot'), prefix(4, shared(4), 'warm')], 0, options);
    expect(plan).toEqual({ warms: [{ prefix: 0, instance: 'b' }], noRoom: [1] });
  });

  it('keeps at most maxInFlight warms in flight', () => {
    const many = [instance('a', { heldBlocks: 4 }), instance('b'), instance('c'), instance('d')];
    expect(warmed(planWarmCopies([prefix(4, many, 'x'), prefix(4, many, 'y')], 2, { copies: 4, maxInFlight: 3 }))).toEqual(['0:b']);
    expect(planWarmCopies([prefix(4, many)], 3, { copies: 4, maxInFlight: 3 })).toEqual({ warms: [], noRoom: [] });
  });
});
