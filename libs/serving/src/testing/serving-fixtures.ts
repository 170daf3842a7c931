import { ReferenceEngine, type ReferenceEngineOptions } from '@tsukimi/engine-reference';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';

let model: Uint8Array | undefined;

/** A reference engine on the default tiny model (generated once per test file). */
export function engine(options: Partial<ReferenceEngineOptions> = {}): ReferenceEngine {
  model ??= generateTinyModel();
  return expectOk(ReferenceEngine.fromGguf(model, { arenaBlocks: 512, ...options }), 'load tiny model');
}

export const systemClock: Clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };

export function text(value: string): number[] {
  return [...Buffer.from(value)];
}
