import { type BlockKey } from '@tsukimi/kv-block';
import { type PrefixLookup, type PrefixMatch } from '@tsukimi/scheduler';
import { PrefixMatchMemo } from './prefix-match.memo';

/** An index whose every lookup is a new match object, counted. */
class CountingIndex implements PrefixLookup {
  lookups = 0;
  match(keys: readonly BlockKey[]): PrefixMatch {
    this.lookups += 1;
    return { longestBlocks: keys.length, deviceBlocks: () => 0, bestDevice: () => undefined, bestNode: () => undefined };
  }
}

const keys = (...names: string[]) => names as BlockKey[];

describe('PrefixMatchMemo', () => {
  it('looks the same keys up once and answers again with that match', () => {
    const index = new CountingIndex();
    const memo = new PrefixMatchMemo(index);
    const prompt = keys('a', 'b');
    const first = memo.match(prompt);
    expect(memo.match(prompt)).toBe(first);
    expect(index.lookups).toBe(1);
  });

  it('looks other keys up afresh, even equal ones in another array', () => {
    const index = new CountingIndex();
    const memo = new PrefixMatchMemo(index);
    memo.match(keys('a', 'b'));
    memo.match(keys('a', 'b'));
    expect(memo.match(keys('c')).longestBlocks).toBe(1);
    expect(index.lookups).toBe(3);
  });
});
