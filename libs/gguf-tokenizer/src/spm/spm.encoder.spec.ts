import { SeededRandom } from '@tsukimi/llama-model';
import { spmVocabulary } from '../testing/vocabulary.fixture';
import { SpmEncoder } from './spm.encoder';

const TOKENS: [string, number][] = [
  ['▁', -10],
  ['t', -11],
  ['h', -12],
  ['e', -13],
  ['th', -1],
  ['he', -2],
  ['▁the', -3],
  ['▁th', -4],
];
const ids = new Map(TOKENS.map(([text], id) => [text, id]));
const BYTE_BASE = 1000;
const encoder = new SpmEncoder(
  (text) => ids.get(text),
  (token) => TOKENS[token]![1],
  (byte) => BYTE_BASE + byte,
  SpmEncoder.joinablePairs(TOKENS.map(([text]) => text)),
);
const encode = (text: string) => {
  const out: number[] = [];
  encoder.encode(text, out);
  return out.map((id) => (id >= BYTE_BASE ? `<0x${(id - BYTE_BASE).toString(16)}>` : TOKENS[id]![0]));
};

describe('SpmEncoder', () => {
  it.each([
    ['merges the highest-scoring pair first', '▁the', ['▁the']],
    ['stops where no pair forms a token', 'the', ['th', 'e']],
    ['falls back to UTF-8 byte tokens for unknown characters', 'té', ['t', '<0xc3>', '<0xa9>']],
    ['encodes nothing for nothing', '', []],
  ])('%s', (_name, text, expected) => {
    expect(encode(text)).toEqual(expected);
  });
});

describe('SpmEncoder cut at pairs no token holds', () => {
  const entries = new Map(spmVocabulary());
  const tokens = (entries.get('tokenizer.ggml.tokens') as { items: readonly string[] }).items;
  const scores = (entries.get('tokenizer.ggml.scores') as { items: readonly number[] }).items;
  const fixtureIds = new Map(tokens.map((t, i) => [t, i]));
  const make = (joinable: ReadonlySet<string>) =>
    new SpmEncoder((text) => fixtureIds.get(text), (token) => scores[token]!, (byte) => BYTE_BASE + byte, joinable);
  const cut = make(SpmEncoder.joinablePairs(tokens));
  const whole = make({ has: () => true } as unknown as ReadonlySet<string>);

  it('gives the tokens of merging the whole text at once', () => {
    const random = new SeededRandom(4);
    const alphabet = [...'the moon, festival 2024 dumplings\n▁▁', 'é', '月', '🌕', '<s>', '<0x41>'];
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(random.nextFloat() * 40);
      const text = Array.from({ length }, () => alphabet[Math.floor(random.nextFloat() * alphabet.length)]).join('').replaceAll(' ', '▁');
      const a: number[] = [];
      const b: number[] = [];
      cut.encode(text, a);
      whole.encode(text, b);
      expect({ text, tokens: a }).toEqual({ text, tokens: b });
    }
  });
});
