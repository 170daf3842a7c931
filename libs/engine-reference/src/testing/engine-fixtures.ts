import { expectOk } from '@tsukimi/result';
import { generateTinyModel, SeededRandom, type TinyModelOptions } from '@tsukimi/llama-model';
import { argmax, type SequenceId } from '@tsukimi/engine';
import { ReferenceEngine, type ReferenceEngineOptions } from '../reference/reference.engine';

const models = new Map<string, Uint8Array>();

/** The tiny model's GGUF bytes, generated once per test file and options. */
export function tinyModelBytes(options: Partial<TinyModelOptions> = {}): Uint8Array {
  const id = JSON.stringify(options);
  let bytes = models.get(id);
  if (!bytes) {
    bytes = generateTinyModel(options);
    models.set(id, bytes);
  }
  return bytes;
}

export function tinyEngine(options: Partial<ReferenceEngineOptions> = {}, model: Partial<TinyModelOptions> = {}): ReferenceEngine {
  return expectOk(ReferenceEngine.fromGguf(tinyModelBytes(model), options), 'load tiny model');
}

/** Seeded pseudo-random byte tokens. */
export function randomTokens(count: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(random.nextFloat() * 256));
}

export interface GreedyTrace {
  readonly tokens: number[];
  /** Logits after the prompt, then after each generated token but the last. */
  readonly logits: Float32Array[];
  readonly reusedTokens: number;
}

/** Greedy generation that ignores EOS, recording every step's logits. */
export function greedyTrace(engine: ReferenceEngine, prompt: readonly number[], steps: number, chunkTokens?: number, sequence?: SequenceId): GreedyTrace {
  const id = sequence ?? engine.openSequence();
  const prefilled = expectOk(engine.prefillNow(id, prompt, chunkTokens === undefined ? {} : { chunkTokens }), 'prefill');
  const logits = [prefilled.logits[prefilled.logits.length - 1]!];
  const tokens: number[] = [];
  for (let step = 0; step < steps; step++) {
    const token = argmax(logits[logits.length - 1]!);
    tokens.push(token);
    if (step + 1 < steps) logits.push(expectOk(engine.decodeNow([{ sequence: id, token }]), 'decode')[0]!);
  }
  engine.closeSequence(id);
  return { tokens, logits, reusedTokens: prefilled.reusedTokens };
}

/** Bit-level equality of float arrays, reporting the first difference. */
export function firstBitDifference(a: Float32Array, b: Float32Array): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} vs ${b.length}`;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `index ${i}: ${a[i]} vs ${b[i]}`;
  return undefined;
}

export function expectSameTrace(actual: GreedyTrace, expected: GreedyTrace): void {
  expect(actual.tokens).toEqual(expected.tokens);
  expect(actual.logits.length).toBe(expected.logits.length);
  actual.logits.forEach((logits, i) => expect(firstBitDifference(logits, expected.logits[i]!)).toBeUndefined());
}
