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
