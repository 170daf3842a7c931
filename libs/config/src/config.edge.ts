import { formatConfigErrors } from './config-error';
import { renderHelp } from './config.help';
import { loadConfig, type LoadConfigOptions } from './config.loader';
import { type ConfigOf, type Schema } from './field.model';

export interface BootOptions extends Omit<LoadConfigOptions, 'argv' | 'env'> {
  /** Defaults to `process.argv.slice(2)`; a CLI passes what follows its subcommand. */
  readonly argv?: readonly string[];
  /** The command as typed, for the help's usage line. */
  readonly command?: string;
}

/** What a process should do with its configuration: run with it, or print and exit. */
export type BootOutcome<C> =
  | { readonly kind: 'run'; readonly config: C }
  | { readonly kind: 'exit'; readonly code: 0 | 2; readonly stream: 'stdout' | 'stderr'; readonly text: string };

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** `--help` prints help and exits 0; bad configuration prints one line per error and exits 2. */
export function decideBoot<S extends Schema>(
  schema: S,
  options: BootOptions & Pick<LoadConfigOptions, 'argv' | 'env'>,
): BootOutcome<ConfigOf<S>> {
  if (wantsHelp(options.argv)) {
    const help = renderHelp(schema, { prefix: options.prefix, command: options.command });
    return { kind: 'exit', code: 0, stream: 'stdout', text: help };
  }
  const loaded = loadConfig(schema, options);
  return loaded.ok
    ? { kind: 'run', config: loaded.value }
    : { kind: 'exit', code: 2, stream: 'stderr', text: `${formatConfigErrors(loaded.error)}\n` };
}

/**
 * The process edge: reads `process.argv` and `process.env`, and on `--help` or bad
 * configuration writes to stdout/stderr and exits. Call it once, first thing in `main`.
 */
export function loadConfigOrExit<S extends Schema>(schema: S, options: BootOptions): ConfigOf<S> {
  const outcome = decideBoot(schema, { ...options, argv: options.argv ?? process.argv.slice(2), env: process.env });
  if (outcome.kind === 'run') return outcome.config;
  (outcome.stream === 'stdout' ? process.stdout : process.stderr).write(outcome.text);
  return process.exit(outcome.code);
}
