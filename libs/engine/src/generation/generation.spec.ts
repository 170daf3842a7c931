import { ByteTokenizer, BYTE_VOCAB } from '../tokenizer/byte.tokenizer';
import { GREEDY } from '../sampling/sampling-params';
import { Generation } from './generation';
import { type GenerationParams } from './generation-params';

const tokenizer = new ByteTokenizer();

/** Logits that make greedy sampling pick `token`. */
function pick(token: number): Float32Array {
  const logits = new Float32Array(BYTE_VOCAB.size);
  logits[token] = 10;
  return logits;
}

function run(params: Partial<GenerationParams>, tokens: number[], replay: number[] = []): { text: string; tokens: number[]; finishReason?: string } {
  const generation = new Generation({ maxTokens: 100, sampling: GREEDY, stop: [], ...params }, tokenizer, { replay });
  let text = '';
  const out: number[] = [];
  for (const token of tokens) {
    const next = generation.next(pick(token));
    out.push(next.token);
    text += next.text;
    if (next.finishReason) return { text, tokens: out, finishReason: next.finishReason };
  }
  return { text, tokens: out };
}

const bytes = (text: string) => [...Buffer.from(text)];

describe('Generation', () => {
  it.each([
    ['max tokens', { maxTokens: 3 }, bytes('abcdef'), { text: 'abc', finishReason: 'length' }],
    ['EOS ends with no text', {}, [...bytes('ab'), BYTE_VOCAB.eos, ...bytes('c')], { text: 'ab', finishReason: 'stop' }],
    ['EOS ignored', { ignoreEos: true, maxTokens: 4 }, [...bytes('ab'), BYTE_VOCAB.eos, ...bytes('c')], { text: 'abc', finishReason: 'length' }],
    ['stop sequence excluded from text', { stop: ['\n\n'] }, bytes('hi\n\nthere'), { text: 'hi', finishReason: 'stop' }],
    ['held-back text released at max tokens', { stop: ['xyz'], maxTokens: 3 }, bytes('axy'), { text: 'axy', finishReason: 'length' }],
    ['multi-byte character cut by max tokens', { maxTokens: 2 }, bytes('a🌕'), { text: 'a\ufffd', finishReason: 'length' }],
  ])('%s', (_name, params, tokens, expected) => {
    expect(run(params, tokens)).toMatchObject(expected);
  });

  it('continues after replayed tokens exactly as one generation would', () => {
    const tokens = bytes('x🌕 END tail');
    const whole = run({ stop: [' END'] }, tokens);
    for (let split = 1; split < 6; split++) {
      const first = run({ stop: [' END'] }, tokens.slice(0, split));
      const rest = run({ stop: [' END'] }, tokens.slice(split), tokens.slice(0, split));
      expect(first.text + rest.text).toBe(whole.text);
    }
    expect(whole).toMatchObject({ text: 'x🌕', finishReason: 'stop' });
  });

  it('counts replayed tokens toward max tokens and the sampling step', () => {
    expect(run({ maxTokens: 3 }, bytes('bcd'), bytes('a'))).toMatchObject({ text: 'bc', finishReason: 'length' });
  });
});
