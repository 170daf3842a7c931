import { type Schema } from './field.model';

/** lowerCamelCase; one capital may end a key (`topP` → `--top-p`), but runs of capitals (`maxTTFT`) have no clean flag name. */
const KEY = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)*[A-Z]?$/;
/** Taken by the loader itself: `--config FILE` / `<PREFIX>_CONFIG`, and `--help`. */
const RESERVED_KEYS = new Set(['config', 'help']);
const PREFIX = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Declares one configuration concern. Returns the fields unchanged, typed exactly, after
 * checking the keys; a key that cannot be a flag is a bug in the schema, so it throws.
 * Schemas compose by spreading: `defineSchema({ ...masterSchema, ...nodeSchema })`.
 */
export function defineSchema<const S extends Schema>(fields: S): S {
  for (const key of Object.keys(fields)) {
    if (!KEY.test(key)) throw new Error(`config key "${key}" must be lowerCamelCase without runs of capitals`);
    if (RESERVED_KEYS.has(key)) throw new Error(`config key "${key}" is reserved by the loader`);
  }
  return Object.freeze({ ...fields });
}

/** `blockSizeTokens` → `--block-size-tokens`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (capital) => `-${capital.toLowerCase()}`)}`;
}

/** (`TSUKIMI_PREFILL`, `blockSizeTokens`) → `TSUKIMI_PREFILL_BLOCK_SIZE_TOKENS`. */
export function envName(prefix: string, key: string): string {
  return `${prefix}_${key.replace(/[A-Z]/g, (capital) => `_${capital}`).toUpperCase()}`;
}

/** A prefix that cannot start an environment variable name is a bug at the call site. */
export function assertPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) throw new Error(`config prefix "${prefix}" must be UPPER_SNAKE_CASE, e.g. TSUKIMI_PREFILL`);
}
