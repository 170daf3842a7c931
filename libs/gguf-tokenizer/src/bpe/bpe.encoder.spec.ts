import { BpeEncoder, mergeRanks } from './bpe.encoder';

const VOCAB = ['a', 'b', 'c', 'd', 'ab', 'bc', 'abc', 'cd', 'abcd', 'x'];
const lookup = (text: string) => (VOCAB.includes(text) ? VOCAB.indexOf(text) : undefined);
const encode = (merges: string[], word: string, ignoreMerges = false) => {
  const out: number[] = [];
  new BpeEncoder(lookup, mergeRanks(merges), ignoreMerges).encodeWord(word, out);
  return out.map((id) => VOCAB[id]);
};

describe('BpeEncoder', () => {
  it.each([
    ['the lowest rank first', ['b c', 'a b', 'a bc'], 'abc', ['abc']],
    ['another order, another path', ['a b', 'b c', 'ab c'], 'abc', ['abc']],
    ['only listed pairs', ['a b'], 'abc', ['ab', 'c']],
    ['the earlier rank over an overlapping pair', ['a b', 'b c'], 'abcd', ['ab', 'c', 'd']],
    ['merges on merges', ['a b', 'c d', 'ab cd'], 'abcd', ['abcd']],
    ['no merges', [], 'abc', ['a', 'b', 'c']],
  ])('merges %s', (_name, merges, word, expected) => {
    expect(encode(merges, word)).toEqual(expected);
  });

  it('keeps the first rank of a pair listed twice', () => {
    expect(mergeRanks(['a b', 'c d', 'a b']).get('a b')).toBe(0);
  });

  it('takes a word that is itself a token whole when merges are ignored', () => {
    expect(encode([], 'abcd', true)).toEqual(['abcd']);
    expect(encode([], 'abcd', false)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('falls back to single-byte ASCII tokens for a symbol with no token and drops other bytes', () => {
    expect(encode(['x a'], 'xa')).toEqual(['x', 'a']);
    expect(encode([], 'é')).toEqual([]);
  });
});
