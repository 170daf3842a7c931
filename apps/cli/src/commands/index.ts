import { type CliCommand } from '../cli-command';
import type * as Bench from './bench.command';
import type * as Demo from './demo.command';
import type * as Drain from './drain.command';
import type * as Generate from './generate.command';
import type * as Keys from './keys.command';
import type * as ModelTiny from './model-tiny.command';
import type * as ModelTinyLora from './model-tiny-lora.command';
import type * as Replay from './replay.command';
import type * as Up from './up.command';

/** A command module, loaded when asked for. */
function load<M>(file: string): M {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as M;
}

/**
 * The commands under each first word, in the order `tsukimi --help` lists them. A word's modules
 * load only when it runs: every command otherwise paid for all the others' dependencies (Nest,
 * the simulator, the engines), about 0.9 s of CPU before doing anything.
 */
export const commandsByWord: Readonly<Record<string, () => readonly CliCommand[]>> = {
  up: () => [load<typeof Up>('./up.command').upCommand],
  model: () => [load<typeof ModelTiny>('./model-tiny.command').modelTinyCommand, load<typeof ModelTinyLora>('./model-tiny-lora.command').modelTinyLoraCommand],
  generate: () => [load<typeof Generate>('./generate.command').generateCommand],
  demo: () => [load<typeof Demo>('./demo.command').demoCommand],
  replay: () => [load<typeof Replay>('./replay.command').replayCommand],
  keys: () => {
    const keys = load<typeof Keys>('./keys.command');
    return [keys.keysHashCommand, keys.keysNewCommand];
  },
  drain: () => [load<typeof Drain>('./drain.command').drainCommand],
  bench: () => load<typeof Bench>('./bench.command').benchCommands,
};

/** Every command, each module loaded: for the full list. */
export function allCommands(): readonly CliCommand[] {
  return Object.values(commandsByWord).flatMap((commands) => commands());
}
