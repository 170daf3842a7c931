import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '@tsukimi/result';
import { type ConfigError, describeSource } from './config-error';
import { closestName } from './closest-name';
import { type Schema } from './field.model';
import { type ConfigPath, type RawValue, type SourceReading } from './raw-value.model';

/** Reads a whole file as UTF-8; the error says why it could not, e.g. `file not found`. */
export type ReadTextFile = (path: string) => Result<string, string>;

export const readTextFile: ReadTextFile = (path) => {
  try {
    return ok(readFileSync(path, 'utf8'));
  } catch (cause) {
    const code = errorField(cause, 'code');
    if (code === 'ENOENT') return err('file not found');
    if (code === 'EISDIR') return err('is a directory, not a file');
    if (code === 'EACCES') return err('permission denied');
    return err(errorField(cause, 'message') ?? String(cause));
  }
};

/** Reads a field of a thrown value without `instanceof`, which fails across VM realms (as in jest). */
function errorField(cause: unknown, name: 'code' | 'message'): string | undefined {
  const value: unknown = typeof cause === 'object' && cause !== null && name in cause ? Reflect.get(cause, name) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Reads the JSON config file: one object keyed by the schema's camelCase keys. */
export function readConfigFile(schema: Schema, { path, source }: ConfigPath, readFile: ReadTextFile): SourceReading {
  const namedBy = describeSource(source);
  const fileError = (code: ConfigError['code'], problem: string): SourceReading => ({
    values: new Map(),
    errors: [{ code, key: 'config', source: { kind: 'file', path }, problem: `${problem} (named by ${namedBy})` }],
  });
  const text = readFile(path);
  if (!text.ok) return fileError('file-unreadable', `cannot read config file: ${text.error}`);
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (cause) {
    return fileError('file-malformed', `invalid JSON: ${errorField(cause, 'message') ?? String(cause)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fileError('file-malformed', `expected a JSON object keyed by config keys, got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  }
  const values = new Map<string, RawValue>();
  const errors: ConfigError[] = [];
  for (const [key, value] of Object.entries(json)) {
    const fileSource = { kind: 'file', path, key } as const;
    if (Object.hasOwn(schema, key)) {
      values.set(key, { form: 'json', value, source: fileSource });
    } else {
      const suggestion = closestName(key, Object.keys(schema));
      const problem = `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
      errors.push({ code: 'unknown-key', key: undefined, source: fileSource, problem });
    }
  }
  return { values, errors };
}
