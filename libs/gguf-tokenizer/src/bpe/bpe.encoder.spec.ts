import { SeededRandom } from '@tsukimi/llama-model';
import { byteLevelVocabulary } from '../testing/vocabulary.fixture';
import { bytesToGpt2 } from '../unicode/gpt2-bytes';
import { utf8Bytes } from '../unicode/utf8';
import { BpeEncoder, mergeRanks } from './bpe.encoder';

const VOCAB = ['a', 'b', 'c', 'd', 'ab', 'bc', 'abc', 'cd', 'abcd', 'x'];
const lookup = (text: string) => (VOCAB.includes(text) ? VOCAB.indexOf(text) : undefined);
const encode = (merges: string[], word: string, ignoreMerges = false) => {
  const out: number[] = [];
  new BpeEncoder(lookup, merges, ignoreMerges, VOCAB.length).encodeWord(word, out);
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

describe('BpeEncoder on token ids and on texts', () => {
  const entries = new Map(byteLevelVocabulary({ pre: 'gpt-2', merges: 300 }));
  const tokens = (entries.get('tokenizer.ggml.tokens') as { items: readonly string[] }).items;
  const merges = (entries.get('tokenizer.ggml.merges') as { items: readonly string[] }).items;
  const ids = new Map(tokens.map((t, i) => [t, i]));
  const lookupFixture = (text: string) => ids.get(text);
  const byIds = new BpeEncoder(lookupFixture, merges, false, tokens.length);
  // A merge of texts that are no tokens forces the text path without changing any result.
  const byTexts = new BpeEncoder(lookupFixture, [...merges, 'qq zz'], false, tokens.length);

  it('gives the same tokens either way', () => {
    const random = new SeededRandom(3);
    const alphabet = [...'the moon, festival 2024 dumplings ', 'é', '月', '🌕'];
    for (let i = 0; i < 500; i++) {
      const length = 1 + Math.floor(random.nextFloat() * 12);
      const word = bytesToGpt2(utf8Bytes(Array.from({ length }, () => alphabet[Math.floor(random.nextFloat() * alphabet.length)]).join('')));
      const a: number[] = [];
      const b: number[] = [];
      byIds.encodeWord(word, a);
      byTexts.encodeWord(word, b);
      expect({ word, tokens: a }).toEqual({ word, tokens: b });
    }
  });
});
