import { DecayedBlockHits } from './decayed-block.hits';

describe('DecayedBlockHits', () => {
  it.each<[string, [string, number][], string, number, number]>([
    // hits (key, atMs), key asked, at, expected
    ['never hit: 0', [], 'a', 0, 0],
    ['three hits now: 3', [['a', 0], ['a', 0], ['a', 0]], 'a', 0, 3],
    ['one half-life later: half', [['a', 0], ['a', 0]], 'a', 1000, 1],
    ['hits over time decay each from its own time', [['a', 0], ['a', 1000]], 'a', 1000, 1.5],
    ['two half-lives: a quarter', [['a', 0], ['a', 0], ['a', 0], ['a', 0]], 'a', 2000, 1],
    ['other keys do not count', [['b', 0]], 'a', 0, 0],
  ])('%s', (_name, hits, key, atMs, expected) => {
    const counter = new DecayedBlockHits(1000, 16);
    for (const [k, t] of hits) counter.hit(k, t);
    expect(counter.hits(key, atMs)).toBeCloseTo(expected, 9);
  });

  it('bounded: past maxBlocks the least recently hit is forgotten (counts 0)', () => {
    const counter = new DecayedBlockHits(1000, 2);
    counter.hit('a', 0);
    counter.hit('b', 100);
    counter.hit('a', 200);
    counter.hit('c', 300);
    expect([counter.hits('a', 300) > 0, counter.hits('b', 300), counter.hits('c', 300)]).toEqual([true, 0, 1]);
    expect(counter.trackedBlocks).toBe(2);
  });

  it('recency is kept to a sixteenth of the half-life: a block hit again sooner keeps its place in the order (its count still grows)', () => {
    const counter = new DecayedBlockHits(1600, 2);
    counter.hit('a', 0);
    counter.hit('b', 10);
    counter.hit('a', 50);
    counter.hit('c', 60);
    expect([counter.hits('a', 60), counter.hits('b', 60) > 0]).toEqual([0, true]);
  });

  it('maxBlocks 0 records nothing', () => {
    const counter = new DecayedBlockHits(1000, 0);
    counter.hit('a', 0);
    expect([counter.hits('a', 0), counter.trackedBlocks]).toEqual([0, 0]);
  });
});
