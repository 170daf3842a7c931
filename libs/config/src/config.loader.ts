import { err, ok, type Result } from '@tsukimi/result';
import { type ConfigError } from './config-error';
import { readEnv, type Environment } from './env.source';
import { type ConfigOf, type Schema } from './field.model';
import { readConfigFile, readTextFile, type ReadTextFile } from './file.source';
import { readFlags } from './flag.source';
import { type SourceReading } from './raw-value.model';
import { assertPrefix, envName, flagName } from './schema.model';

export interface LoadConfigOptions {
  /** Command-line arguments after the program (and subcommand) name. */
  readonly argv: readonly string[];
  readonly env: Environment;
  /** Environment variable prefix, e.g. `TSUKIMI_PREFILL`. */
  readonly prefix: string;
  /** Reads the config file; the real file system unless a test says otherwise. */
  readonly readFile?: ReadTextFile;
}

/**
 * Loads a schema's configuration from flags, then environment variables, then the JSON file
 * named by `--config` or `<PREFIX>_CONFIG`, then defaults; the first that gives a key wins and
 * only that value is validated. Reports every problem at once.
 */
export function loadConfig<S extends Schema>(schema: S, options: LoadConfigOptions): Result<ConfigOf<S>, readonly ConfigError[]> {
  assertPrefix(options.prefix);
  const flags = readFlags(schema, options.argv);
  const env = readEnv(schema, options.env, options.prefix);
  const configPath = flags.configPath ?? env.configPath;
  const file: SourceReading = configPath
    ? readConfigFile(schema, configPath, options.readFile ?? readTextFile)
    : { values: new Map(), errors: [] };

  const errors: ConfigError[] = [...flags.errors, ...env.errors, ...file.errors];
  const config: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const raw = flags.values.get(key) ?? env.values.get(key) ?? file.values.get(key);
    if (raw !== undefined) {
      const parsed = raw.form === 'text' ? field.fromText(raw.text) : field.fromJson(raw.value);
      if (parsed.ok) config[key] = parsed.value;
      else errors.push({ code: 'invalid-value', key, source: raw.source, problem: parsed.error });
    } else if (field.presence === 'required') {
      errors.push({ code: 'missing-required', key, source: { kind: 'none' }, problem: missingProblem(key, options.prefix) });
    } else {
      config[key] = field.defaultValue;
    }
  }
  // Sound: every key of the schema was set above from its own field, or an error was recorded.
  return errors.length > 0 ? err(errors) : ok(Object.freeze(config) as ConfigOf<S>);
}

function missingProblem(key: string, prefix: string): string {
  return `required; set ${flagName(key)}, ${envName(prefix, key)} or "${key}" in the config file`;
}
