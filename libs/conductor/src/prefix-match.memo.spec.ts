import { type BlockKey, blockKeysFromWords } from '@tsukimi/kv-block';
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

  it('answers a lookup by words and then by the same words with their keys from one index lookup', () => {
    const index = new CountingIndex();
    const memo = new PrefixMatchMemo(index);
    const words = Uint32Array.of(0, 1, 0, 2, 0, 3);
    const first = memo.matchWords(words);
    expect(first.longestBlocks).toBe(3);
    expect(memo.match(blockKeysFromWords(words), words)).toBe(first);
    expect(memo.matchWords(words)).toBe(first);
    expect(index.lookups).toBe(1);
  });

  it('hands the words to an index that reads them, spelling no keys', () => {
    const index = new CountingIndex();
    let byWords = 0;
    const wordIndex: PrefixLookup = {
      match: (k) => index.match(k),
      matchWords: (words) => {
        byWords += 1;
        return { longestBlocks: words.length / 2, deviceBlocks: () => 0, bestDevice: () => undefined, bestNode: () => undefined };
      },
    };
    const memo = new PrefixMatchMemo(wordIndex);
    expect(memo.matchWords(Uint32Array.of(0, 1, 0, 2)).longestBlocks).toBe(2);
    expect([byWords, index.lookups]).toEqual([1, 0]);
  });
});
