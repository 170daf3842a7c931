import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { generateTinyModel, type TinyModelOptions } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { LlamaCppOracle } from './llamacpp-oracle.client';

const PROMPTS: readonly [string, number[]][] = [
  ['english', [...Buffer.from('The moon viewing festival, tsukimi, celebrates the autumn moon.')]],
  ['multibyte', [...Buffer.from('月見 — お月見団子を供える。🌕 Ünïcödé bytes, too.')]],
  ['long pseudo-random', Array.from({ length: 300 }, (_, i) => (i * 131 + 17) % 256)],
];

/**
 * llama.cpp multiplies F16 weights by activations it has first rounded to F16, while the
 * reference engine widens the weights and keeps activations in F32; on F16 models the two
 * therefore agree less closely, and that model gets a tolerance to match.
 */
const MODELS: readonly [string, Partial<TinyModelOptions>, number][] = [
  ['default tiny (d64, 2 layers)', {}, 1e-4],
  ['larger (d128, 4 layers, 8 heads / 2 KV heads)', { dim: 128, layers: 4, heads: 8, kvHeads: 2, ffnDim: 320, seed: 3 }, 1e-4],
  ['F16 weights (d96, 3 layers, 6 heads / 3 KV heads)', { dim: 96, layers: 3, heads: 6, kvHeads: 3, ffnDim: 256, seed: 4, weightType: 'f16' }, 2e-3],
];

function softmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float64Array(logits.length);
  let sum = 0;
  logits.forEach((v, i) => (sum += out[i] = Math.exp(v - max)));
  return out.map((v) => v / sum);
}

describe.each(MODELS)('reference engine against llama.cpp: %s', (_name, options, tolerance) => {
  let dir: string;
  let oracle: LlamaCppOracle;
  let engine: ReferenceEngine;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-oracle-'));
    const bytes = generateTinyModel(options);
    const file = path.join(dir, 'model.gguf');
    fs.writeFileSync(file, bytes);
    oracle = await LlamaCppOracle.start(file);
    engine = expectOk(ReferenceEngine.fromGguf(bytes), 'load');
  });

  afterAll(async () => {
    await oracle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(PROMPTS)(`next-token probabilities agree within ${tolerance} at every position (%s)`, async (_prompt, tokens) => {
    const expected = await oracle.probabilities(tokens);
    const sequence = engine.openSequence(`probabilities-${_prompt}`);
    const ours = expectOk(engine.prefillNow(sequence, tokens, { logits: 'all' }), 'prefill').logits;
    engine.closeSequence(sequence);
    expect(ours).toHaveLength(tokens.length);
    let worst = 0;
    ours.forEach((logits, position) => {
      const p = softmax(logits);
      p.forEach((value, token) => (worst = Math.max(worst, Math.abs(value - expected[position]![token]!))));
    });
    expect(worst).toBeLessThan(tolerance);
  });

  it.each(PROMPTS)('32-token greedy continuations are equal (%s)', async (_prompt, tokens) => {
    const expected = await oracle.greedy(tokens, 32);
    const sequence = engine.openSequence(`greedy-${_prompt}`);
    let logits = expectOk(engine.prefillNow(sequence, tokens), 'prefill').logits[0]!;
    const ours: number[] = [];
    while (ours.length < 32) {
      let best = 0;
      logits.forEach((v, i) => (v > logits[best]! ? (best = i) : undefined));
      ours.push(best);
      if (ours.length < 32) logits = expectOk(engine.decodeNow([{ sequence, token: best }]), 'decode')[0]!;
    }
    engine.closeSequence(sequence);
    expect(ours).toEqual(expected);
  });
});
