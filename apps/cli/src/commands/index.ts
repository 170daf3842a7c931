import { type CliCommand } from '../cli-command';
import { benchCommands } from './bench.command';
import { demoCommand } from './demo.command';
import { generateCommand } from './generate.command';
import { modelTinyCommand } from './model-tiny.command';

export const commands: readonly CliCommand[] = [modelTinyCommand, generateCommand, demoCommand, ...benchCommands];
