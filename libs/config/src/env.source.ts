import { type Schema } from './field.model';
import { type ConfigPath, type RawValue, type SourceReading } from './raw-value.model';
import { envName } from './schema.model';

/** An environment as `process.env` holds it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads `<PREFIX>_<KEY>` for each key, and `<PREFIX>_CONFIG` for the file path. Other variables
 * under the prefix are not errors: Kubernetes injects `<SERVICE>_PORT_…` variables of its own.
 */
export function readEnv(schema: Schema, env: Environment, prefix: string): SourceReading & { readonly configPath?: ConfigPath } {
  const values = new Map<string, RawValue>();
  for (const key of Object.keys(schema)) {
    const variable = envName(prefix, key);
    const text = env[variable];
    if (text !== undefined) values.set(key, { form: 'text', text, source: { kind: 'env', variable } });
  }
  const configVariable = envName(prefix, 'config');
  const path = env[configVariable];
  return path === undefined || path === ''
    ? { values, errors: [] }
    : { values, errors: [], configPath: { path, source: { kind: 'env', variable: configVariable } } };
}
