import { err, expectOk, ok, type Result } from '@tsukimi/result';
import { GgmlType, gguf, type GgufError, type GgufTensorInput, type GgufValue, type MetadataError, readGgufMetadata, writeGguf } from '@tsukimi/gguf';
import { type LlamaConfigError, llamaConfigFromMetadata, type UnsupportedArchitectureError } from './llama-config';
import { type LayerTensor, layerTensorSpecs } from './llama-tensors';
import { SeededRandom } from './seeded-random';

export interface TinyLoraOptions {
  /** Inner dimension of each A·B pair. */
  readonly rank: number;
  /** llama.cpp scales each product by alpha / rank (and by the scale the context applies it with). */
  readonly alpha: number;
  readonly seed: number;
  /**
   * Size of the weight change relative to the base weights: with alpha = rank, the entries of
   * alpha / rank · B·A have this many times the standard deviation of the tiny model's matrices.
   */
  readonly scaleStd: number;
  /** Projections the adapter changes; never norms (llama.cpp ignores LoRA on norms). */
  readonly targets: readonly LoraTarget[];
}

export type LoraTarget = Exclude<LayerTensor, 'attnNorm' | 'ffnNorm'>;

export const TINY_LORA_DEFAULTS: TinyLoraOptions = {
  rank: 4,
  alpha: 4,
  seed: 1,
  scaleStd: 1,
  targets: ['wq', 'wk', 'wv', 'wo', 'wUp', 'wDown'],
};

export interface InvalidLoraOption {
  readonly kind: 'invalid-lora-option';
  readonly key: keyof TinyLoraOptions;
  readonly message: string;
}

export type TinyLoraError = GgufError | MetadataError | LlamaConfigError | UnsupportedArchitectureError | InvalidLoraOption;

/** The GGUF keys llama.cpp's adapter loader checks (src/llama-adapter.cpp). */
export const LORA_KEYS = {
  type: 'general.type',
  architecture: 'general.architecture',
  adapterType: 'adapter.type',
  alpha: 'adapter.lora.alpha',
} as const;

/**
 * GGUF bytes of a LoRA adapter for the Llama model in `baseGguf` (only its metadata is read),
 * as llama.cpp loads one: for each targeted projection W of GGUF dims [in, out], a pair
 * `<W>.lora_a` of dims [in, rank] and `<W>.lora_b` of dims [rank, out], F32, so that the
 * adapted projection is W + alpha / rank · B·A. Unlike a freshly initialised LoRA, B is not
 * zero: the adapter changes what the model says. The same base and options give the same bytes.
 */
export function generateTinyLora(baseGguf: Uint8Array, options: Partial<TinyLoraOptions> = {}): Result<Uint8Array, TinyLoraError> {
  const o = { ...TINY_LORA_DEFAULTS, ...options };
  const checked = checkOptions(o);
  if (!checked.ok) return checked;
  const base = readGgufMetadata(baseGguf);
  if (!base.ok) return base;
  const config = llamaConfigFromMetadata(base.value.metadata);
  if (!config.ok) return config;

  const random = new SeededRandom(o.seed);
  const tensors: GgufTensorInput[] = [];
  for (let layer = 0; layer < config.value.layers; layer++) {
    const specs = layerTensorSpecs(config.value, layer);
    for (const target of o.targets) {
      const [inputs, outputs] = specs[target].dims as [number, number];
      const a = random.normals(inputs * o.rank, 0, 1 / Math.sqrt(inputs));
      const b = random.normals(o.rank * outputs, 0, o.scaleStd / Math.sqrt(o.rank));
      tensors.push({ name: `${specs[target].name}.lora_a`, dims: [inputs, o.rank], data: a, type: GgmlType.F32 });
      tensors.push({ name: `${specs[target].name}.lora_b`, dims: [o.rank, outputs], data: b, type: GgmlType.F32 });
    }
  }
  const metadata = new Map<string, GgufValue>([
    [LORA_KEYS.type, gguf.str('adapter')],
    [LORA_KEYS.architecture, gguf.str('llama')],
    ['general.name', gguf.str(`tsukimi-tiny-lora-r${o.rank}-a${o.alpha}-s${o.seed}`)],
    ['general.alignment', gguf.u32(32)],
    [LORA_KEYS.adapterType, gguf.str('lora')],
    [LORA_KEYS.alpha, gguf.f32(o.alpha)],
  ]);
  return ok(expectOk(writeGguf({ metadata, tensors }), 'tiny LoRA GGUF'));
}

function checkOptions(o: TinyLoraOptions): Result<void, InvalidLoraOption> {
  const invalid = (key: keyof TinyLoraOptions, message: string): Result<never, InvalidLoraOption> => err({ kind: 'invalid-lora-option', key, message: `${key} ${message}` });
  if (!Number.isInteger(o.rank) || o.rank < 1 || o.rank > 4096) return invalid('rank', `must be an integer in [1, 4096], got ${o.rank}`);
  if (!Number.isFinite(o.alpha) || o.alpha <= 0) return invalid('alpha', `must be a positive number, got ${o.alpha}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) return invalid('seed', `must be a non-negative integer, got ${o.seed}`);
  if (!Number.isFinite(o.scaleStd) || o.scaleStd < 0) return invalid('scaleStd', `must be a non-negative number, got ${o.scaleStd}`);
  if (o.targets.length === 0) return invalid('targets', 'must name at least one projection');
  const known: readonly string[] = TINY_LORA_DEFAULTS.targets.concat('wGate');
  const unknown = o.targets.find((t) => !known.includes(t));
  if (unknown !== undefined) return invalid('targets', `names no projection: ${unknown}`);
  if (new Set(o.targets).size !== o.targets.length) return invalid('targets', 'names a projection twice');
  return ok(undefined);
}
