import { type Field, type Schema } from './field.model';
import { assertPrefix, envName, flagName } from './schema.model';

export interface HelpOptions {
  /** Environment variable prefix, e.g. `TSUKIMI_PREFILL`. */
  readonly prefix: string;
  /** The command as typed, e.g. `tsukimi-prefill`; shown in the usage line. */
  readonly command?: string;
}

const PRECEDENCE_NOTE =
  'Flags override environment variables, which override the config file, which overrides defaults.';

/**
 * `--help` text: per option, the flag and description, then what it accepts, its default
 * (or `required`) and its environment variable.
 */
export function renderHelp(schema: Schema, options: HelpOptions): string {
  assertPrefix(options.prefix);
  const rows: (readonly [string, string, string])[] = [
    ['--config <file>', 'JSON file of settings keyed by camelCase name', `env ${envName(options.prefix, 'config')}`],
    ...Object.entries(schema).map(([key, field]) => optionRow(key, field, options.prefix)),
    ['--help', 'Show this help and exit', ''],
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const pad = ' '.repeat(width + 2);
  const lines = rows.flatMap(([flag, description, detail]) =>
    detail === '' ? [`  ${flag.padEnd(width)}${description}`] : [`  ${flag.padEnd(width)}${description}`, `${pad}${detail}`],
  );
  return [`Usage: ${options.command ?? 'command'} [options]`, '', 'Options:', ...lines, '', PRECEDENCE_NOTE, ''].join('\n');
}

function optionRow(key: string, field: Field<unknown>, prefix: string): readonly [string, string, string] {
  const flag = field.kind === 'boolean' ? `--[no-]${flagName(key).slice(2)}` : `${flagName(key)} <${field.placeholder}>`;
  const accepts = field.kind === 'boolean' ? [] : [field.expected];
  const presence = field.presence === 'default' ? `default ${field.format(field.defaultValue)}` : field.presence;
  return [flag, field.description, [...accepts, presence, `env ${envName(prefix, key)}`].join('; ')];
}
