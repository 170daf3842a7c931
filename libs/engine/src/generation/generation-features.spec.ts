import { GREEDY, type SamplingParams } from '../sampling/sampling-params';
import { BYTE_VOCAB, ByteTokenizer } from '../tokenizer/byte.tokenizer';
import { Generation } from './generation';
import { type GeneratedToken, type GenerationParams } from './generation-params';

const tokenizer = new ByteTokenizer();
const { eos } = BYTE_VOCAB;
const byte = (c: string) => c.charCodeAt(0);
const SAMPLED: SamplingParams = { temperature: 1, topP: 1, topK: 0, seed: 7 };

/** Logits with the given entries set and the rest 0. */
function logits(entries: Record<number, number>): Float32Array {
  const out = new Float32Array(BYTE_VOCAB.size);
  for (const [token, value] of Object.entries(entries)) out[Number(token)] = value;
  return out;
}

/** Seeded pseudo-random logits for step `step`, the same on every call. */
function noisy(step: number, seed = 1): Float32Array {
  const out = new Float32Array(BYTE_VOCAB.size);
  let h = (seed * 0x9e3779b1 + step * 0x85ebca6b) >>> 0;
  for (let i = 0; i < out.length; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out[i] = ((h >>> 8) / 0x1000000) * 6;
  }
  return out;
}

/** Runs a generation over `steps` (logits per step) until it finishes or the steps run out. */
function run(params: Partial<GenerationParams>, steps: (step: number) => Float32Array, options: { replay?: number[]; prompt?: number[] } = {}) {
  const generation = new Generation({ maxTokens: 50, sampling: GREEDY, stop: [], ...params }, tokenizer, options);
  const out: GeneratedToken[] = [];
  for (let step = options.replay?.length ?? 0; step < 200 && !generation.done; step++) out.push(generation.next(steps(step)));
  return { tokens: out.map((t) => t.token), text: out.map((t) => t.text).join(''), finishReason: out.at(-1)?.finishReason, out };
}

const favour = (...entries: [string | number, number][]) => () => logits(Object.fromEntries(entries.map(([k, v]) => [typeof k === 'string' ? byte(k) : k, v])));
/** `favour` with every other token at -10, so penalties choose between the favoured ones. */
const only = (...entries: [string, number][]) => () => logits({ ...Object.fromEntries([...Array(BYTE_VOCAB.size).keys()].map((t) => [t, -10])), ...Object.fromEntries(entries.map(([k, v]) => [byte(k), v])) });
const script = (...tokens: number[]) => (step: number) => logits({ [tokens[step] ?? eos]: 10 });

describe('Generation features', () => {
  it.each<[string, Partial<GenerationParams>, (step: number) => Float32Array, { text: string; finishReason?: string; tokens?: number[] }]>([
    ['stop token id ends without its text', { stopTokenIds: [byte('c')] }, script(byte('a'), byte('b'), byte('c'), byte('d')), { text: 'ab', finishReason: 'stop' }],
    ['stop token id releases held text', { stopTokenIds: [byte('c')], stop: ['bx'] }, script(byte('a'), byte('b'), byte('c')), { text: 'ab', finishReason: 'stop' }],
    ['min tokens holds EOS back', { minTokens: 2 }, favour([eos, 10], ['x', 5]), { text: 'xx', finishReason: 'stop', tokens: [byte('x'), byte('x'), eos] }],
    ['min tokens holds stop token ids back', { minTokens: 2, stopTokenIds: [byte('s')] }, favour(['s', 10], ['x', 5]), { text: 'xx', finishReason: 'stop' }],
    ['min tokens holds stop strings back', { minTokens: 3, stop: ['a'] }, script(byte('a'), byte('b'), byte('a'), byte('c')), { text: 'ab', finishReason: 'stop' }],
    ['a stop string straddling min tokens is found whole', { minTokens: 2, stop: ['ab'] }, script(byte('a'), byte('b'), byte('c')), { text: '', finishReason: 'stop' }],
    ['logit bias bans a token', { logitBias: [[byte('a'), -100]], maxTokens: 2 }, favour(['a', 10], ['b', 1]), { text: 'bb', finishReason: 'length' }],
    ['frequency penalty grows with each use', { frequencyPenalty: 3, maxTokens: 4 }, only(['a', 2], ['b', 1]), { text: 'abab', finishReason: 'length' }],
    ['presence penalty counts once', { presencePenalty: 3, maxTokens: 4 }, only(['a', 2], ['b', 1]), { text: 'abaa', finishReason: 'length' }],
    ['repetition penalty covers the prompt', { repetitionPenalty: 4, maxTokens: 1 }, favour(['p', 4], ['q', 2]), { text: 'q', finishReason: 'length' }],
    ['json_object: greedy closes at once and EOS follows', { constraint: { kind: 'json-object' } }, favour(['}', 5], ['x', 9]), { text: '{}', finishReason: 'stop', tokens: [byte('{'), byte('}'), eos] }],
    ['a finished structured output ends despite ignore_eos', { constraint: { kind: 'json-object' }, ignoreEos: true }, favour(['}', 5]), { text: '{}', finishReason: 'stop' }],
    ['a finished structured output ends before min tokens', { constraint: { kind: 'json-object' }, minTokens: 10 }, favour(['}', 5]), { text: '{}', finishReason: 'stop' }],
    ['structured output cut by max tokens', { constraint: { kind: 'json-object' }, maxTokens: 3 }, favour(['"', 5]), { text: '{""', finishReason: 'length' }],
    ['schema picks the enum value', { constraint: { kind: 'json-schema', schema: { enum: ['no', 'yes'] } } }, favour(['y', 3], ['n', 2]), { text: '"yes"', finishReason: 'stop' }],
  ])('%s', (_name, params, steps, expected) => {
    expect(run(params, steps, { prompt: [byte('p')] })).toMatchObject(expected);
  });

  it.each<[string, Partial<GenerationParams>, Record<number, number>, number, number, number[]]>([
    ['greedy', { logprobs: 2 }, { 1: Math.log(4), 2: Math.log(3), 3: Math.log(2) }, 1, Math.log(4 / (4 + 3 + 2 + 256)), [1, 2]],
    ['chosen token outside the top', { logprobs: 1, logitBias: [[3, 10]] }, { 1: Math.log(4), 2: Math.log(3), 3: Math.log(2) }, 3, Math.log(2 / (4 + 3 + 2 + 256)), [1]],
    ['under a constraint', { logprobs: 0, constraint: { kind: 'json-object' } }, { 1: Math.log(4), [byte('{')]: Math.log(2) }, byte('{'), Math.log(2 / (4 + 2 + 257)), []],
  ])('logprobs of the raw distribution: %s', (_name, params, entries, token, logprob, top) => {
    const first = run({ ...params, maxTokens: 1 }, () => logits(entries)).out[0]!;
    expect(first.token).toBe(token);
    expect(first.logprob).toBeCloseTo(logprob, 6);
    expect(first.topLogprobs!.map((t) => t.token)).toEqual(top);
  });

  it('reports no logprobs unless asked', () => {
    expect(Object.keys(run({ maxTokens: 1 }, favour(['a', 1])).out[0]!)).toEqual(['token', 'text', 'finishReason']);
  });

  const everything: Partial<GenerationParams> = {
    sampling: SAMPLED,
    maxTokens: 120,
    frequencyPenalty: 0.7,
    presencePenalty: 0.3,
    repetitionPenalty: 1.3,
    logitBias: [[byte('"'), 1.5], [byte('}'), 1]],
    minTokens: 4,
    logprobs: 3,
    constraint: { kind: 'json-schema', schema: { type: 'object', properties: { a: { type: 'string', maxLength: 8 }, b: { type: 'array', items: { type: 'integer' }, maxItems: 3 } }, required: ['a', 'b'] } },
  };

  it('is deterministic in (logits, params, step) and a replay continues exactly', () => {
    const whole = run(everything, noisy, { prompt: [1, 2, 3] });
    expect(run(everything, noisy, { prompt: [1, 2, 3] }).out).toEqual(whole.out);
    expect(whole.finishReason).toBe('stop');
    expect(() => JSON.parse(whole.text)).not.toThrow();
    for (const split of [1, 2, 5, 9]) {
      const rest = run(everything, noisy, { prompt: [1, 2, 3], replay: whole.tokens.slice(0, split) });
      expect(rest.out).toEqual(whole.out.slice(split));
    }
  });

  it.each<[string, Partial<GenerationParams>]>([
    ['neutral penalties and empty lists', { repetitionPenalty: 1, frequencyPenalty: 0, presencePenalty: 0, logitBias: [], stopTokenIds: [], minTokens: 0 }],
    ['logprobs only', { logprobs: 5 }],
  ])('samples exactly as a plain request: %s', (_name, extra) => {
    const plain = run({ sampling: SAMPLED, maxTokens: 40 }, noisy);
    const same = run({ sampling: SAMPLED, maxTokens: 40, ...extra }, noisy);
    expect(same.tokens).toEqual(plain.tokens);
  });
});
