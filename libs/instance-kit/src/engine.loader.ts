import * as fs from 'node:fs';
import { type KvArenaObserver, ReferenceEngine } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';

export interface EngineSettings {
  readonly modelPath: string;
  readonly blockSizeTokens: number;
  readonly arenaBlocks: number;
  readonly prefillChunkTokens: number;
}

/** Loads the reference engine from a model file; the error is one line naming the file and the problem. */
export function loadEngine(settings: EngineSettings, observer?: KvArenaObserver): Result<ReferenceEngine, string> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(settings.modelPath);
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
