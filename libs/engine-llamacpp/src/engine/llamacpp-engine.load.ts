import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type AdapterInfo, type EngineInfo } from '@tsukimi/engine';
import { type BlockLayoutError, validateBlockLayout } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import type { Token } from 'node-llama-cpp';
import { type SequenceStateInvalid } from '../state/sequence-state.errors';
import { readSequenceState } from '../state/sequence-state.reader';
import { type SequenceStateFrame } from '../state/sequence-state.types';
import { compileLlamaCppEngineOptions, type InvalidEngineOption, type LlamaCppEngineInput, type LlamaCppEngineOptions } from './llamacpp-engine.options';
import { digestModelFile, LLAMACPP_ENGINE_NAME, llamaCppAdapterId, llamaCppModelHash } from './llamacpp-model-hash';
import { modelIdFor, readModelFacts } from './llamacpp-model-facts';
import { type LlamaCppRuntime, type LlamaCppStartFailed, startLlamaCpp } from './llamacpp.runtime';
import { makeStateDir } from './llamacpp-state.dir';
import { LlamaCppTokenizer } from './llamacpp.tokenizer';
import { tokenBytesTable } from './llamacpp-token-bytes';

/** What `LlamaCppEngine.load` assembles before the engine exists. */
export interface LlamaCppEngineParts {
  readonly options: LlamaCppEngineOptions;
  readonly runtime: LlamaCppRuntime;
  readonly info: EngineInfo;
  readonly tokenizer: LlamaCppTokenizer;
  /** The state layout of this context, read from a probe state; per slot only the stream index and sequence id change. */
  readonly frame: SequenceStateFrame;
  readonly stateDir: string;
  /** Removes `stateDir` if the engine created it. */
  readonly removeStateDir: boolean;
}

/** The model's KV cannot be cut into blocks: llama.cpp's state for it is not one plain F16/F32 KV cache, or its shape does not fit a block layout. */
export interface UnsupportedKvCache {
  readonly kind: 'unsupported-kv-cache';
  readonly detail: string;
  readonly cause?: SequenceStateInvalid | BlockLayoutError;
}

export type LlamaCppEngineLoadError = InvalidEngineOption | LlamaCppStartFailed | UnsupportedKvCache;

/**
 * Everything a `LlamaCppEngine` needs: options checked, model and adapters digested, llama.cpp started,
 * and one token evaluated and saved as a probe state, whose layout (layers, KV width and
 * type, V layout, stream count) every later state of this context shares.
 */
export async function assembleLlamaCppEngine(input: LlamaCppEngineInput): Promise<Result<LlamaCppEngineParts, LlamaCppEngineLoadError>> {
  const compiled = compileLlamaCppEngineOptions(input);
  if (!compiled.ok) return compiled;
  const options = compiled.value;
  let digest: bigint;
  try {
    digest = await digestModelFile(options.modelPath);
  } catch (error) {
    return err({ kind: 'llamacpp-start-failed', stage: 'model', message: error instanceof Error ? error.message : String(error) });
  }
  const adapters: AdapterInfo[] = [];
  for (const adapter of options.adapters) {
    try {
      adapters.push({ name: adapter.name, id: llamaCppAdapterId(await digestModelFile(adapter.path), adapter.scale ?? 1) });
    } catch (error) {
      const message = `adapter '${adapter.name}' (${adapter.path}): ${error instanceof Error ? error.message : String(error)}`;
      return err({ kind: 'llamacpp-start-failed', stage: 'adapter', message });
    }
  }
  const started = await startLlamaCpp(options);
  if (!started.ok) return started;
  const runtime = started.value;
  const stateDir = options.stateDir ?? (await makeStateDir());
  await fs.mkdir(stateDir, { recursive: true });
  const fail = async (error: LlamaCppEngineLoadError): Promise<Result<never, LlamaCppEngineLoadError>> => {
    await runtime.dispose();
    if (!options.stateDir) await fs.rm(stateDir, { recursive: true, force: true });
    return err(error);
  };

  const frame = await probeFrame(runtime, path.join(stateDir, 'probe.state'));
  if (!frame.ok) return fail({ kind: 'unsupported-kv-cache', detail: `probe state: ${frame.error.problem} (${frame.error.detail})`, cause: frame.error });
  const facts = readModelFacts(runtime.model);
  const kvHeads = facts.kvHeads ?? 1;
  if (frame.value.kvDim % kvHeads !== 0) return fail({ kind: 'unsupported-kv-cache', detail: `${frame.value.kvDim} KV elements per token do not split into ${kvHeads} heads` });
  const layout = validateBlockLayout({
    layers: frame.value.layers,
    kvHeads,
    headDim: frame.value.kvDim / kvHeads,
    blockSizeTokens: options.blockSizeTokens,
    dtype: frame.value.dtype,
  });
  if (!layout.ok) return fail({ kind: 'unsupported-kv-cache', detail: `block layout ${layout.error.field} ${layout.error.reason}`, cause: layout.error });
  if (frame.value.dtype !== options.kvDtype) return fail({ kind: 'unsupported-kv-cache', detail: `asked for ${options.kvDtype} KV, llama.cpp keeps ${frame.value.dtype}` });

  const modelHash = llamaCppModelHash(digest, {
    kvDtype: options.kvDtype,
    valueLayout: frame.value.valueLayout,
    blockSizeTokens: options.blockSizeTokens,
    stateVersion: frame.value.version,
  });
  const info: EngineInfo = {
    engine: LLAMACPP_ENGINE_NAME,
    modelId: modelIdFor(options.modelPath, facts, options.modelId),
    modelHash,
    blockLayout: layout.value,
    contextTokens: runtime.base.sequences[0]!.contextSize,
    vocabSize: facts.vocabSize,
    maxSequences: options.sequences,
    adapters,
  };
  const tokens = runtime.model.tokens;
  const eos = tokens.eos ?? -1;
  const tokenizer = new LlamaCppTokenizer(runtime.model, `llamacpp-gguf-${digest.toString(16).padStart(16, '0')}`, facts.vocabSize, {
    bos: tokens.bos ?? -1,
    eos,
    pad: facts.padToken ?? eos,
  }, tokenBytesTable(facts.tokenizerModel, facts.tokens, facts.tokenTypes));
  return ok({ options, runtime, info, tokenizer, frame: frame.value, stateDir, removeStateDir: options.stateDir === undefined });
}

/** Evaluates one token in the base context's first sequence, saves and reads the state, and clears the sequence again. */
async function probeFrame(runtime: LlamaCppRuntime, statePath: string): Promise<Result<SequenceStateFrame, SequenceStateInvalid>> {
  const sequence = runtime.base.sequences[0]!;
  const token = (runtime.model.tokens.bos ?? 0) as Token;
  await sequence.controlledEvaluate([token]);
  await sequence.saveStateToFile(statePath);
  const state = readSequenceState(await fs.readFile(statePath));
  await sequence.clearHistory();
  await fs.rm(statePath, { force: true });
  return state.ok ? ok(state.value.frame) : state;
}
