import * as fs from 'node:fs';
import { type Engine, type KvArenaObserver } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { parseEngineProfile } from '@tsukimi/scheduler';
import { modelSheet, nodeSheet, profileTiming, SimulatedEngine, type SimulatedTiming, type SpecSheetError } from '@tsukimi/simulator';

export interface SimulatedEngineSettings {
  readonly blockSizeTokens: number;
  readonly arenaBlocks: number;
  readonly contextTokens: number;
  /** A preset name or a `.json` sheet file. */
  readonly simulatedModel: string;
  readonly simulatedHardware: string;
  readonly simulatedTimeScale: number;
  /** An engine profile file (`tsukimi.engine-profile/v1`) to take the times from instead of the hardware's cost model. */
  readonly simulatedProfile?: string | undefined;
}

/** The simulated engine's flags when not given: LLaMA3-70B on 8×A800, in real time. */
export const SIMULATED_ENGINE_DEFAULTS = { simulatedModel: 'llama3-70b', simulatedHardware: '8xa800', simulatedTimeScale: 1 } as const;

/** A preset's name as is, or the parsed contents of the JSON file it names. */
function sheetSource(flag: string, value: string): Result<unknown, string> {
  if (!value.endsWith('.json')) return ok(value);
  try {
    return ok(JSON.parse(fs.readFileSync(value, 'utf8')));
  } catch (error) {
    return err(`${flag}: cannot read ${value}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The times a profile file predicts; none when no file is named. */
function profileFileTiming(file: string | undefined): Result<SimulatedTiming | undefined, string> {
  if (file === undefined) return ok(undefined);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return err(`simulated-profile: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const profile = parseEngineProfile(text);
  return profile.ok ? ok(profileTiming(profile.value)) : err(`simulated-profile: ${file}: ${profile.error.path}: ${profile.error.message}`);
}

const describe = (flag: string, error: SpecSheetError) => `${flag}: ${error.key}: ${error.problem}`;

/** The simulated engine, timed on this machine's clock; the error names the flag. */
export function loadSimulatedEngine(settings: SimulatedEngineSettings, observer?: KvArenaObserver): Result<Engine, string> {
  const modelSource = sheetSource('simulated-model', settings.simulatedModel);
  if (!modelSource.ok) return modelSource;
  const model = modelSheet(modelSource.value);
  if (!model.ok) return err(describe('simulated-model', model.error));
  const nodeSource = sheetSource('simulated-hardware', settings.simulatedHardware);
  if (!nodeSource.ok) return nodeSource;
  const node = nodeSheet(nodeSource.value);
  if (!node.ok) return err(describe('simulated-hardware', node.error));
  const timing = profileFileTiming(settings.simulatedProfile);
  if (!timing.ok) return timing;
  return ok(
    new SimulatedEngine({
      model: model.value,
      node: node.value,
      blockSizeTokens: settings.blockSizeTokens,
      arenaBlocks: settings.arenaBlocks,
      contextTokens: settings.contextTokens,
      timeScale: settings.simulatedTimeScale,
      delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...(timing.value ? { timing: timing.value } : {}),
      ...(observer ? { observer } : {}),
    }),
  );
}
