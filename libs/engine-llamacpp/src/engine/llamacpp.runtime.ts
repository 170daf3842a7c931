import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { err, ok, type Result } from '@tsukimi/result';
import { type LlamaCppEngineOptions } from './llamacpp-engine.options';

/** llama.cpp could not start on this model with these options (missing file, not a GGUF it reads, no such GPU backend, not enough memory). */
export interface LlamaCppStartFailed {
  readonly kind: 'llamacpp-start-failed';
  readonly stage: 'backend' | 'model' | 'context';
  readonly message: string;
}

/** One model in one context with a fixed set of sequences, as the engine uses them. */
export interface LlamaCppRuntime {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly sequences: readonly LlamaContextSequence[];
  dispose(): Promise<void>;
}

/**
 * Starts llama.cpp through node-llama-cpp, which is ESM-only and therefore imported
 * dynamically. The prebuilt binaries are used as shipped (`build: 'never'`).
 */
export async function startLlamaCpp(options: LlamaCppEngineOptions): Promise<Result<LlamaCppRuntime, LlamaCppStartFailed>> {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  const failed = (stage: LlamaCppStartFailed['stage'], error: unknown): Result<never, LlamaCppStartFailed> =>
    err({ kind: 'llamacpp-start-failed', stage, message: error instanceof Error ? error.message : String(error) });
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
  const kvType = options.kvDtype === 'f32' ? 'F32' : 'F16';
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: options.contextTokens,
      batchSize: options.batchTokens,
      sequences: options.sequences,
      threads: options.threads,
      flashAttention: options.flashAttention,
      experimentalKvCacheKeyType: kvType,
      experimentalKvCacheValueType: kvType,
    });
  } catch (error) {
    await model.dispose();
    await llama.dispose();
    return failed('context', error);
  }
  const sequences = Array.from({ length: options.sequences }, () => context.getSequence());
  return ok({
    llama,
    model,
    context,
    sequences,
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  });
}
