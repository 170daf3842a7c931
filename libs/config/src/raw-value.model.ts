import { type ConfigError, type ConfigSource } from './config-error';

/** A value as one source gave it, before the field parses it. */
export type RawValue =
  | { readonly form: 'text'; readonly text: string; readonly source: ConfigSource }
  | { readonly form: 'json'; readonly value: unknown; readonly source: ConfigSource };

/** What one source contributed: raw values by schema key, and what was wrong with the source itself. */
export interface SourceReading {
  readonly values: ReadonlyMap<string, RawValue>;
  readonly errors: readonly ConfigError[];
}

/** The config file's path and where it was named. */
export interface ConfigPath {
  readonly path: string;
  readonly source: ConfigSource;
}
