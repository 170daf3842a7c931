import { type Result } from '@tsukimi/result';

export type FieldKind =
  | 'int'
  | 'number'
  | 'boolean'
  | 'string'
  | 'enum'
  | 'duration'
  | 'byteSize'
  | 'address'
  | 'address-list'
  | 'list'
  | 'number-list';

/** Whether a value must be given, falls back to a default, or may be absent (`undefined`). */
export type Presence = 'required' | 'default' | 'optional';

/**
 * One configuration value: how to read it from text (flags, environment) and from JSON (the
 * config file), and how to show it in help. Built by the `field.*` factories, never by hand.
 */
export interface Field<T> {
  readonly kind: FieldKind;
  /** One line, shown by `--help`. */
  readonly description: string;
  readonly presence: Presence;
  /** Set exactly when `presence` is `'default'`. */
  readonly defaultValue: T | undefined;
  /** The value's shape in help, e.g. `int` or `duration`. */
  readonly placeholder: string;
  /** What a valid value looks like, completing "expected …", e.g. `an integer >= 1`. */
  readonly expected: string;
  /** Parses a flag or environment variable; the error is the problem, without the source. */
  fromText(text: string): Result<T, string>;
  /** Validates a config file value: the native JSON type, or the string a flag would take. */
  fromJson(value: unknown): Result<T, string>;
  /** Renders a value the way a user would write it, e.g. `10s` or `512MiB`. */
  format(value: T): string;
}

/** Options every field kind takes. Without `default` or `optional`, the value is required. */
export interface FieldOptions<T> {
  readonly description: string;
  readonly default?: T;
  /** The value may be absent and reads as `undefined`. Excludes `default`. */
  readonly optional?: boolean;
}

/** The field a factory returns: optional fields add `undefined` to the value type. */
export type FieldFor<T, O> = O extends { readonly optional: true } ? Field<T | undefined> : Field<T>;

/** A configuration concern: camelCase keys to fields. */
export type Schema = Readonly<Record<string, Field<unknown>>>;

/** The typed, validated configuration a schema describes. */
export type ConfigOf<S extends Schema> = {
  readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never;
};

/** A parsed `host:port`; IPv6 hosts are held without their brackets. */
export interface Address {
  readonly host: string;
  readonly port: number;
}
