import { type CliCommand } from '../cli-command';
import { benchCommands } from './bench.command';
import { demoCommand } from './demo.command';
import { drainCommand } from './drain.command';
import { generateCommand } from './generate.command';
import { keysHashCommand, keysNewCommand } from './keys.command';
import { modelTinyCommand } from './model-tiny.command';
import { modelTinyLoraCommand } from './model-tiny-lora.command';
import { replayCommand } from './replay.command';
import { upCommand } from './up.command';

export const commands: readonly CliCommand[] = [upCommand, modelTinyCommand, modelTinyLoraCommand, generateCommand, demoCommand, replayCommand, keysHashCommand, keysNewCommand, drainCommand, ...benchCommands];
