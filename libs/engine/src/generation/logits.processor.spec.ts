import { GREEDY } from '../sampling/sampling-params';
import { BYTE_VOCAB, ByteTokenizer } from '../tokenizer/byte.tokenizer';
import { type GenerationParams } from './generation-params';
import { LogitsProcessor } from './logits.processor';

const tokenizer = new ByteTokenizer();
const base: GenerationParams = { maxTokens: 10, sampling: GREEDY, stop: [] };
const { eos } = BYTE_VOCAB;

/** Logits with the given entries set and the rest 0. */
function logits(entries: Record<number, number>): Float32Array {
  const out = new Float32Array(BYTE_VOCAB.size);
  for (const [token, value] of Object.entries(entries)) out[Number(token)] = value;
  return out;
}

function processed(params: Partial<GenerationParams>, input: Float32Array, generated: number[] = [], prompt: number[] = [], step = generated.length): ArrayLike<number> {
  const processor = new LogitsProcessor({ ...base, ...params }, tokenizer, prompt);
  for (const token of generated) processor.accept(token);
  return processor.process(input, step);
}

describe('LogitsProcessor', () => {
  it.each<[string, Partial<GenerationParams>, Record<number, number>, number[], number[], Record<number, number>]>([
    ['repetition divides positive, multiplies negative (prompt and output)', { repetitionPenalty: 2 }, { 1: 4, 2: -1, 3: 4 }, [2], [1], { 1: 2, 2: -2, 3: 4 }],
    ['repetition below 1 boosts', { repetitionPenalty: 0.5 }, { 1: 4, 2: -1 }, [1, 2], [], { 1: 8, 2: -0.5 }],
    ['frequency scales with the count', { frequencyPenalty: 0.5 }, { 5: 1, 6: 1 }, [5, 5, 6], [5], { 5: 0, 6: 0.5 }],
    ['presence counts once', { presencePenalty: 0.5 }, { 5: 1, 6: 1 }, [5, 5, 6], [], { 5: 0.5, 6: 0.5 }],
    ['negative penalties reward', { frequencyPenalty: -1, presencePenalty: -1 }, { 5: 1 }, [5, 5], [], { 5: 4 }],
    ['repetition, then frequency and presence', { repetitionPenalty: 2, frequencyPenalty: 1, presencePenalty: 1 }, { 5: 4 }, [5, 5], [], { 5: -1 }],
    ['prompt tokens get no frequency penalty', { frequencyPenalty: 1 }, { 7: 1 }, [], [7], { 7: 1 }],
    ['logit bias adds', { logitBias: [[7, 100], [8, -100], [9, 0.5]] }, { 9: 1 }, [], [], { 7: 100, 8: -100, 9: 1.5 }],
    ['bias after penalties', { logitBias: [[5, 3]], repetitionPenalty: 2 }, { 5: 4 }, [5], [], { 5: 5 }],
    ['min tokens masks EOS and stop token ids', { minTokens: 2, stopTokenIds: [10] }, { [eos]: 5, 10: 5, 11: 1 }, [0], [], { [eos]: -Infinity, 10: -Infinity, 11: 1 }],
    ['min tokens reached', { minTokens: 1, stopTokenIds: [10] }, { [eos]: 5, 10: 5 }, [0], [], { [eos]: 5, 10: 5 }],
    ['min tokens leaves EOS alone when ignored', { minTokens: 2, ignoreEos: true }, { [eos]: 5 }, [], [], { [eos]: 5 }],
  ])('%s', (_name, params, input, generated, prompt, expected) => {
    const out = processed(params, logits(input), generated, prompt);
    for (const [token, value] of Object.entries(expected)) expect(out[Number(token)]).toBe(value);
    for (let t = 0; t < BYTE_VOCAB.size; t++) if (!(t in expected) && !(t in input)) expect(out[t]).toBe(0);
  });

  it.each<[string, Partial<GenerationParams>]>([
    ['no new fields', {}],
    ['neutral values', { repetitionPenalty: 1, frequencyPenalty: 0, presencePenalty: 0, logitBias: [], stopTokenIds: [] }],
    ['min tokens with nothing to mask', { minTokens: 3, ignoreEos: true }],
  ])('hands back the logits untouched: %s', (_name, params) => {
    const input = logits({ 3: 1.25 });
    expect(processed(params, input, [3], [3])).toBe(input);
  });

  it('masks every token the structured output cannot take', () => {
    const out = processed({ constraint: { kind: 'json-object' } }, logits({ 0x7b: 1, 0x5b: 2 }));
    const open = [...Array(BYTE_VOCAB.size).keys()].filter((t) => out[t] !== -Infinity);
    expect(open).toEqual([0x7b]);
  });

  it('lets a finished structured output end even before min tokens', () => {
    const out = processed({ constraint: { kind: 'json-object' }, minTokens: 5 }, logits({}), [0x7b, 0x7d]);
    const open = [...Array(BYTE_VOCAB.size).keys()].filter((t) => out[t] !== -Infinity);
    expect(open).toEqual([eos]);
  });

  it('refuses to start with a schema the API should have refused', () => {
    expect(() => new LogitsProcessor({ ...base, constraint: { kind: 'json-schema', schema: { pattern: 'x' } } }, tokenizer, [])).toThrow(/unsupported JSON Schema keyword 'pattern'/);
  });
});
