import type { Llama, LlamaContext, LlamaContextOptions, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { err, ok, type Result } from '@tsukimi/result';
import { type LlamaCppAdapterOption, type LlamaCppEngineOptions } from './llamacpp-engine.options';

/** llama.cpp could not start on this model with these options (missing file, not a GGUF it reads, no such GPU backend, not enough memory, an adapter that does not fit the model). */
export interface LlamaCppStartFailed {
  readonly kind: 'llamacpp-start-failed';
  readonly stage: 'backend' | 'model' | 'context' | 'adapter';
  readonly message: string;
}

/** One llama.cpp context over the model with a fixed set of sequences: the base model's, or one applying a LoRA adapter. */
export interface LlamaCppContextRuntime {
  readonly context: LlamaContext;
  readonly sequences: readonly LlamaContextSequence[];
}

/** One model, its base context and one context per LoRA adapter, as the engine uses them. */
export interface LlamaCppRuntime {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly base: LlamaCppContextRuntime;
  /** In the order of `options.adapters`. */
  readonly adapters: readonly LlamaCppContextRuntime[];
  dispose(): Promise<void>;
}

/**
 * Starts llama.cpp through node-llama-cpp, which is ESM-only and therefore imported
 * dynamically. The prebuilt binaries are used as shipped (`build: 'never'`). Every context
 * has the same shape and KV settings, so the sequence state of one fits any of them; an
 * adapter is loaded once onto the model and applied in its own context.
 */
export async function startLlamaCpp(options: LlamaCppEngineOptions): Promise<Result<LlamaCppRuntime, LlamaCppStartFailed>> {
  const failed = (stage: LlamaCppStartFailed['stage'], error: unknown, prefix = ''): Result<never, LlamaCppStartFailed> =>
    err({ kind: 'llamacpp-start-failed', stage, message: prefix + (error instanceof Error ? error.message : String(error)) });
  let binding: typeof import('node-llama-cpp');
  try {
    binding = await import('node-llama-cpp');
  } catch (error) {
    // An install without node-llama-cpp (npm ci --omit=optional, a trimmed image) serves only the reference engine.
    return failed('backend', error, 'node-llama-cpp cannot be loaded: ');
  }
  const { getLlama, LlamaLogLevel } = binding;
  let llama: Llama;
  try {
    llama = await getLlama({ gpu: options.gpu === 'off' ? false : options.gpu, build: 'never', logLevel: LlamaLogLevel.error });
  } catch (error) {
    return failed('backend', error);
  }
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath });
  } catch (error) {
    await llama.dispose();
    return failed('model', error);
  }
  const contexts: LlamaContext[] = [];
  const disposeAll = async (): Promise<void> => {
    for (const context of contexts.reverse()) await context.dispose();
    await model.dispose();
    await llama.dispose();
  };
  const open = async (adapter?: LlamaCppAdapterOption): Promise<LlamaCppContextRuntime> => {
    const context = await model.createContext(contextOptions(options, adapter));
    contexts.push(context);
    return { context, sequences: Array.from({ length: options.sequences }, () => context.getSequence()) };
  };
  let base: LlamaCppContextRuntime;
  try {
    base = await open();
  } catch (error) {
    await disposeAll();
    return failed('context', error);
  }
  const adapters: LlamaCppContextRuntime[] = [];
  for (const adapter of options.adapters) {
    try {
      adapters.push(await open(adapter));
    } catch (error) {
      await disposeAll();
      return failed('adapter', error, `adapter '${adapter.name}' (${adapter.path}): `);
    }
  }
  return ok({ llama, model, base, adapters, dispose: disposeAll });
}

function contextOptions(options: LlamaCppEngineOptions, adapter: LlamaCppAdapterOption | undefined): LlamaContextOptions {
  const kvType = options.kvDtype === 'f32' ? 'F32' : 'F16';
  return {
    contextSize: options.contextTokens,
    batchSize: options.batchTokens,
    sequences: options.sequences,
    threads: options.threads,
    flashAttention: options.flashAttention,
    experimentalKvCacheKeyType: kvType,
    experimentalKvCacheValueType: kvType,
    ...(adapter ? { lora: { adapters: [{ filePath: adapter.path, scale: adapter.scale ?? 1 }] } } : {}),
  };
}
