import * as fs from 'node:fs';
import { type Engine, type KvArenaObserver } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { LlamaCppEngine, type LlamaCppEngineLoadError } from '@tsukimi/engine-llamacpp';
import { err, ok, type Result } from '@tsukimi/result';
import { type LoraFlag, parseLoraFlag } from './lora.config';
import { loadSimulatedEngine, SIMULATED_ENGINE_DEFAULTS, type SimulatedEngineSettings } from './simulated-engine.loader';

export interface EngineSettings extends Partial<Pick<SimulatedEngineSettings, 'simulatedModel' | 'simulatedHardware' | 'simulatedTimeScale' | 'simulatedProfile'>> {
  readonly engine: 'reference' | 'llamacpp' | 'simulated';
  readonly modelPath: string;
  readonly blockSizeTokens: number;
  readonly arenaBlocks: number;
  readonly prefillChunkTokens: number;
  readonly threads: number;
  readonly contextTokens: number;
  readonly batchTokens: number;
  readonly sequences: number;
  readonly kvDtype: 'f16' | 'f32';
  readonly flashAttention: boolean;
  readonly gpu: 'auto' | 'cuda' | 'vulkan' | 'off';
  /** `name=path` items (`--lora`); llama.cpp engine only. */
  readonly lora?: readonly string[];
}

/** Loads the configured engine on a model file; the error is one line naming the file and the problem. */
export async function loadEngine(settings: EngineSettings, observer?: KvArenaObserver): Promise<Result<Engine, string>> {
  const adapters = parseLoraFlag(settings.lora ?? []);
  if (!adapters.ok) return adapters;
  if (settings.engine === 'llamacpp') return loadLlamaCpp(settings, adapters.value, observer);
  if (adapters.value.length > 0) return err(`lora: the ${settings.engine} engine loads no LoRA adapters; use --engine llamacpp`);
  if (settings.engine === 'simulated') {
    const { simulatedModel, simulatedHardware, simulatedTimeScale } = { ...SIMULATED_ENGINE_DEFAULTS, ...settings };
    return loadSimulatedEngine({ ...settings, simulatedModel, simulatedHardware, simulatedTimeScale }, observer);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(settings.modelPath);
  } catch (error) {
    return err(`cannot read model ${settings.modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const engine = ReferenceEngine.fromGguf(bytes, {
    blockSizeTokens: settings.blockSizeTokens,
    arenaBlocks: settings.arenaBlocks,
    prefillChunkTokens: settings.prefillChunkTokens,
    ...(observer ? { observer } : {}),
  });
  return engine.ok ? ok(engine.value) : err(`cannot load model ${settings.modelPath}: ${engine.error.message}`);
}

async function loadLlamaCpp(settings: EngineSettings, adapters: readonly LoraFlag[], observer?: KvArenaObserver): Promise<Result<Engine, string>> {
  const engine = await LlamaCppEngine.load({
    modelPath: settings.modelPath,
    gpu: settings.gpu,
    threads: settings.threads,
    contextTokens: settings.contextTokens,
    batchTokens: settings.batchTokens,
    sequences: settings.sequences,
    kvDtype: settings.kvDtype,
    flashAttention: settings.flashAttention,
    blockSizeTokens: settings.blockSizeTokens,
    cachedBlocks: settings.arenaBlocks,
    adapters,
    ...(observer ? { observer } : {}),
  });
  return engine.ok ? ok(engine.value) : err(`cannot load model ${settings.modelPath} in llama.cpp: ${describeLoadError(engine.error)}`);
}

function describeLoadError(error: LlamaCppEngineLoadError): string {
  switch (error.kind) {
    case 'invalid-option':
      return `${error.key} ${error.reason}`;
    case 'llamacpp-start-failed':
      return `${error.stage}: ${error.message}`;
    case 'unsupported-kv-cache':
      return `its KV cache cannot be cut into blocks (${error.detail})`;
  }
}
