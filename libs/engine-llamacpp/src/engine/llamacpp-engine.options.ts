import { type KvArenaObserver } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';

export type LlamaCppGpu = 'auto' | 'cuda' | 'vulkan' | 'off';
export type LlamaCppKvDtype = 'f16' | 'f32';

/** A LoRA adapter to load onto the model: sequences opened with its name run in a context of their own that applies it. */
export interface LlamaCppAdapterOption {
  /** What requests name it by (`base:name`): letters, digits, `.`, `_` and `-`, unique within the engine. */
  readonly name: string;
  /** Its GGUF file (`general.type = adapter`), made for this model. */
  readonly path: string;
  /** Multiplies the adapter's alpha / rank; 1 by default. */
  readonly scale?: number;
}

export interface LlamaCppEngineOptions {
  /** The GGUF file llama.cpp loads. */
  readonly modelPath: string;
  /** Names the model in block keys; defaults to the GGUF's `general.name`, else the file name. Engines sharing blocks must agree on it. */
  readonly modelId?: string;
  /** Backend: `auto` picks what this machine has (CUDA, Vulkan, else CPU); `off` is CPU only. */
  readonly gpu: LlamaCppGpu;
  /** CPU threads for evaluation; 0 lets llama.cpp use every core. */
  readonly threads: number;
  /** Context of each sequence in tokens (llama.cpp may round it up). */
  readonly contextTokens: number;
  /** Tokens llama.cpp evaluates per batch, across all sequences. */
  readonly batchTokens: number;
  /** Sequences each context holds at once: the most requests prefilled or decoded together, per adapter and for the base model. */
  readonly sequences: number;
  /** Element type of the KV cache, and so of the blocks. */
  readonly kvDtype: LlamaCppKvDtype;
  /** Explicit, never `auto`: it decides whether V is stored transposed, so it is part of the blocks' model hash. */
  readonly flashAttention: boolean;
  readonly blockSizeTokens: number;
  /** Capacity of the engine's own block memory (its device tier), in blocks. */
  readonly cachedBlocks: number;
  /** Where sequence state files pass through on their way into and out of llama.cpp; a fresh folder under the OS temp folder by default. */
  readonly stateDir?: string;
  readonly observer?: KvArenaObserver;
  /** LoRA adapters, each in its own llama.cpp context beside the base model's, sharing the loaded weights. */
  readonly adapters: readonly LlamaCppAdapterOption[];
}

export const LLAMACPP_ENGINE_DEFAULTS = {
  gpu: 'auto',
  threads: 0,
  contextTokens: 4096,
  batchTokens: 512,
  sequences: 4,
  kvDtype: 'f16',
  flashAttention: false,
  blockSizeTokens: 16,
  cachedBlocks: 4096,
  adapters: [],
} as const satisfies Partial<LlamaCppEngineOptions>;

export type LlamaCppEngineInput = Partial<LlamaCppEngineOptions> & Pick<LlamaCppEngineOptions, 'modelPath'>;

export interface InvalidEngineOption {
  readonly kind: 'invalid-option';
  readonly key: keyof LlamaCppEngineOptions;
  readonly reason: string;
}

const INTEGER_BOUNDS = {
  threads: [0, 1024],
  contextTokens: [1, 1 << 24],
  batchTokens: [1, 1 << 24],
  sequences: [1, 256],
  blockSizeTokens: [1, 0xffff],
  cachedBlocks: [1, 1 << 30],
} as const;

/** Defaults filled in and every option checked at once, so a bad configuration fails at start naming its key. */
export function compileLlamaCppEngineOptions(input: LlamaCppEngineInput): Result<LlamaCppEngineOptions, InvalidEngineOption> {
  const options: LlamaCppEngineOptions = { ...LLAMACPP_ENGINE_DEFAULTS, ...definedOnly(input), modelPath: input.modelPath };
  if (typeof options.modelPath !== 'string' || options.modelPath.length === 0) return invalid('modelPath', 'must name a GGUF file');
  if (options.modelId !== undefined && options.modelId.length === 0) return invalid('modelId', 'must not be empty');
  for (const [key, [min, max]] of Object.entries(INTEGER_BOUNDS) as [keyof typeof INTEGER_BOUNDS, readonly [number, number]][]) {
    const value = options[key];
    if (!Number.isInteger(value) || value < min || value > max) return invalid(key, `must be an integer in [${min}, ${max}], got ${value}`);
  }
  if (!['auto', 'cuda', 'vulkan', 'off'].includes(options.gpu)) return invalid('gpu', `must be auto, cuda, vulkan or off, got ${String(options.gpu)}`);
  if (options.kvDtype !== 'f16' && options.kvDtype !== 'f32') return invalid('kvDtype', `must be f16 or f32, got ${String(options.kvDtype)}`);
  if (typeof options.flashAttention !== 'boolean') return invalid('flashAttention', `must be true or false, got ${String(options.flashAttention)}`);
  const adapters = checkAdapters(options.adapters);
  return adapters.ok ? ok({ ...options, adapters: adapters.value }) : adapters;
}

const ADAPTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Names safe in a model name (`base:name`) and a flag list (`name=path,...`), each once; scales finite, defaulted to 1. */
function checkAdapters(adapters: readonly LlamaCppAdapterOption[]): Result<LlamaCppAdapterOption[], InvalidEngineOption> {
  if (!Array.isArray(adapters)) return invalid('adapters', 'must be a list of { name, path, scale? }');
  const names = new Set<string>();
  const checked: LlamaCppAdapterOption[] = [];
  for (const adapter of adapters) {
    if (typeof adapter.name !== 'string' || !ADAPTER_NAME.test(adapter.name)) {
      return invalid('adapters', `adapter name ${JSON.stringify(adapter.name)} must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
    }
    if (names.has(adapter.name)) return invalid('adapters', `adapter name '${adapter.name}' is given twice`);
    names.add(adapter.name);
    if (typeof adapter.path !== 'string' || adapter.path.length === 0) return invalid('adapters', `adapter '${adapter.name}' must name a GGUF file`);
    const scale = adapter.scale ?? 1;
    if (typeof scale !== 'number' || !Number.isFinite(scale)) return invalid('adapters', `adapter '${adapter.name}' scale must be a finite number, got ${String(scale)}`);
    checked.push({ name: adapter.name, path: adapter.path, scale });
  }
  return ok(checked);
}

function invalid(key: keyof LlamaCppEngineOptions, reason: string): Result<never, InvalidEngineOption> {
  return err({ kind: 'invalid-option', key, reason });
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
