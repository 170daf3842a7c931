import { GlobalPrefixIndex } from '../index/global-prefix.index';
import { instanceId } from '../instance.model';
import { keysOf } from '../testing/scheduler.fixtures';
import { cacheWorths, pickScaleInVictims, type ScaleInCandidate, soleBlocksOf } from './cache-worth';

const keys = keysOf(8);
const [a, b, c] = [instanceId('10.0.0.1:50061'), instanceId('10.0.0.2:50061'), instanceId('10.0.0.3:50061')];

/** a: blocks 0-3, 0 and 1 also in the pool's DRAM, 2 also on b (so only 3 is a's alone); b: 2, 4, 5; c: 6 alone, 7 also on the pool's SSD. */
function cluster(): GlobalPrefixIndex {
  const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 16 });
  index.load({ epoch: 'e1', lastEventId: 3, replicas: [{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }, { key: keys[1]!, nodeId: 'n1', tier: 'dram' }, { key: keys[7]!, nodeId: 'n2', tier: 'ssd' }] });
  index.reportDevice(a, keys.slice(0, 4));
  index.reportDevice(b, [keys[2]!, keys[4]!, keys[5]!]);
  index.reportDevice(c, [keys[6]!, keys[7]!]);
  return index;
}

const worthsOf = (index: GlobalPrefixIndex, candidates: readonly ScaleInCandidate[], hitsOf?: (key: string) => number) => cacheWorths(soleBlocksOf(index, candidates), candidates, hitsOf);

describe('cache worth from the global prefix index', () => {
  it('counts the blocks only the instance\'s own memory holds; without hits, each counts 0', () => {
    expect(worthsOf(cluster(), [{ id: a }, { id: b }, { id: c }, { id: instanceId('10.0.0.9:50061') }])).toEqual([
      { instanceId: a, soleBlockHits: 0, soleBlocks: 1 },
      { instanceId: b, soleBlockHits: 0, soleBlocks: 2 },
      { instanceId: c, soleBlockHits: 0, soleBlocks: 1 },
      { instanceId: instanceId('10.0.0.9:50061'), soleBlockHits: 0, soleBlocks: 0 },
    ]);
  });

  it('follows the index: a block the pool stores stops being sole, one another instance evicts becomes sole', () => {
    const index = cluster();
    index.applyEvents('e1', [{ id: 4, kind: 'stored', key: keys[4]!, nodeId: 'n1', tier: 'dram' }]);
    index.evictDevice(b, [keys[2]!]);
    expect(worthsOf(index, [{ id: a }, { id: b }]).map((w) => w.soleBlocks)).toEqual([2, 1]);
  });

  it.each<[string, number, boolean, string[]]>([
    ['one: the least sole cache, ties to the smallest id', 1, false, [a]],
    ['two: least first', 2, false, [a, c]],
    ['more than can go: every one, b (most sole blocks) last', 5, false, [a, c, b]],
    ['a draining instance is left out', 2, true, [c, b]],
  ])('%s', (_name, count, aDraining, expected) => {
    const worths = worthsOf(cluster(), [{ id: b }, { id: c }, { id: a, draining: aDraining }]);
    expect(pickScaleInVictims(worths, count)).toEqual(expected);
  });

  // Sole blocks: a holds 3, b holds 4 and 5, c holds 6. Hits are the master's decayed read counts.
  it.each<[string, Record<number, number>, string[]]>([
    ['no hits recorded: fewest sole blocks first (a, c tie to the smaller id), b last', {}, [a, c, b]],
    ['b\'s two sole blocks are cold and a\'s one is hot: b goes first, though it holds more', { 3: 40, 6: 5 }, [b, c, a]],
    ['hits add over an instance\'s sole blocks: b (3 + 3) outweighs c (5)', { 3: 9, 4: 3, 5: 3, 6: 5 }, [c, b, a]],
    ['hits on blocks others also hold do not count: 0 and 2 are in the pool or on b', { 0: 100, 2: 100, 6: 1 }, [a, b, c]],
  ])('hit-weighted: %s', (_name, hitsByBlock, expected) => {
    const hitsOf = (key: string) => hitsByBlock[keys.indexOf(key as (typeof keys)[number])] ?? 0;
    expect(pickScaleInVictims(worthsOf(cluster(), [{ id: a }, { id: b }, { id: c }], hitsOf), 3)).toEqual(expected);
  });
});
