import { decideBoot, type Schema, type ConfigOf } from '@tsukimi/config';
import { UsageError } from './cli-command';

/** The outcome of reading a command's flags: its typed config, or text to print before exiting. */
export type CommandConfig<S extends Schema> = { readonly kind: 'run'; readonly config: ConfigOf<S> } | { readonly kind: 'help'; readonly text: string };

/**
 * Reads a command's flags (and `TSUKIMI_<COMMAND>_*` variables) against its schema.
 * Bad input becomes one UsageError line naming every offending key.
 */
export function commandConfig<S extends Schema>(schema: S, argv: readonly string[], command: string, env: NodeJS.ProcessEnv): CommandConfig<S> {
  const prefix = `TSUKIMI_${command.replace(/^tsukimi /, '').replace(/[^a-z0-9]+/gi, '_').toUpperCase()}`;
  const outcome = decideBoot(schema, { argv, env, prefix, command });
  if (outcome.kind === 'run') return { kind: 'run', config: outcome.config };
  if (outcome.code === 0) return { kind: 'help', text: outcome.text };
  throw new UsageError(outcome.text.trim().split('\n').join('; '));
}
