/** Where a configuration value, or a problem with one, came from. */
export type ConfigSource =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'argument'; readonly text: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'file'; readonly path: string; readonly key?: string }
  /** No source gave a value, e.g. for a missing required key. */
  | { readonly kind: 'none' };

export type ConfigErrorCode =
  | 'invalid-value'
  | 'unknown-key'
  | 'missing-required'
  | 'missing-value'
  | 'repeated-flag'
  | 'unexpected-argument'
  | 'file-unreadable'
  | 'file-malformed';

/** One thing wrong with the configuration; a load reports all of them at once. */
export interface ConfigError {
  readonly code: ConfigErrorCode;
  /** The schema key (camelCase) the problem concerns, when there is one. */
  readonly key: string | undefined;
  readonly source: ConfigSource;
  /** What is wrong, without the source, e.g. `expected an integer >= 1, got "abc"`. */
  readonly problem: string;
}

/** `--block-size-tokens`, `TSUKIMI_X`, `prefill.json#port`, or the key itself when no source gave it. */
export function describeSource(source: ConfigSource, key?: string): string {
  switch (source.kind) {
    case 'flag':
      return source.flag;
    case 'argument':
      return `argument ${JSON.stringify(source.text)}`;
    case 'env':
      return source.variable;
    case 'file':
      return source.key === undefined ? source.path : `${source.path}#${source.key}`;
    case 'none':
      return key ?? 'config';
  }
}

/** `invalid config: --block-size-tokens: expected an integer >= 1, got "abc"`. */
export function formatConfigError(error: ConfigError): string {
  return `invalid config: ${describeSource(error.source, error.key)}: ${error.problem}`;
}

/** One line per error, in the order found. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors.map(formatConfigError).join('\n');
}
