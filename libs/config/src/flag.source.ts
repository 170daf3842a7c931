import { type ConfigError, type ConfigErrorCode } from './config-error';
import { closestName } from './closest-name';
import { type Schema } from './field.model';
import { type ConfigPath, type RawValue, type SourceReading } from './raw-value.model';
import { flagName } from './schema.model';

const CONFIG_FLAG = '--config';

/**
 * Reads `--name value`, `--name=value`, and for booleans `--name` / `--no-name`. A value never
 * starts with `--` unless written `--name=--value`. A repeated list flag appends; any other
 * repeated flag is an error, as are unknown flags and positional arguments.
 */
export function readFlags(schema: Schema, argv: readonly string[]): SourceReading & { readonly configPath?: ConfigPath } {
  const keyByFlag = new Map(Object.keys(schema).map((key) => [flagName(key), key]));
  const values = new Map<string, RawValue>();
  const errors: ConfigError[] = [];
  let configPath: ConfigPath | undefined;
  const fail = (code: ConfigErrorCode, flag: string, problem: string, key?: string) =>
    errors.push({ code, key, source: { kind: 'flag', flag }, problem });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      const problem = 'unexpected argument; options are written --name value or --name=value';
      errors.push({ code: 'unexpected-argument', key: undefined, source: { kind: 'argument', text: arg }, problem });
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const next = argv[i + 1];
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      return next;
    };
    const negatedKey = flag.startsWith('--no-') ? keyByFlag.get(`--${flag.slice(5)}`) : undefined;
    const key = keyByFlag.get(flag) ?? (negatedKey !== undefined && schema[negatedKey]?.kind === 'boolean' ? negatedKey : undefined);
    const field = key === undefined ? undefined : schema[key];

    if (flag === CONFIG_FLAG) {
      const path = takeValue();
      if (path === undefined) fail('missing-value', flag, 'expected a file path');
      else if (configPath !== undefined) fail('repeated-flag', flag, 'given more than once');
      else configPath = { path, source: { kind: 'flag', flag } };
      continue;
    }
    if (key === undefined || field === undefined) {
      const suggestion = closestName(flag, [...keyByFlag.keys(), CONFIG_FLAG]);
      fail('unknown-key', flag, `unknown key${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
      if (inline === undefined && next !== undefined && !next.startsWith('--')) i++;
      continue;
    }
    let text: string | undefined;
    if (key === negatedKey) {
      if (inline !== undefined) fail('invalid-value', flag, `takes no value; write ${flagName(key)}=${inline}`, key);
      text = inline === undefined ? 'false' : undefined;
    } else {
      text = field.kind === 'boolean' && inline === undefined ? 'true' : takeValue();
      if (text === undefined) fail('missing-value', flag, `expected ${field.expected}, got no value`, key);
    }
    if (text === undefined) continue;

    const earlier = values.get(key);
    if (earlier === undefined) values.set(key, { form: 'text', text, source: { kind: 'flag', flag } });
    else if (field.kind === 'list' && earlier.form === 'text') {
      values.set(key, { ...earlier, text: [earlier.text, text].filter(Boolean).join(',') });
    } else fail('repeated-flag', flag, 'given more than once', key);
  }
  return configPath === undefined ? { values, errors } : { values, errors, configPath };
}
