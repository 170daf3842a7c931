import { err, isJsonObject, type JsonObject, ok, type Result } from '@tsukimi/result';

/** A request field that is wrong, named by its dotted path as Anthropic names it (`messages.1.content.0.text`). */
export interface RequestFault {
  readonly param: string;
  /** Starts with the path: `max_tokens: Field required`. */
  readonly message: string;
}

export type Read<T> = Result<T, RequestFault>;

export function fault(param: string, problem: string): RequestFault {
  return { param, message: `${param}: ${problem}` };
}

/** The path of `key` under `parent`; the top level has an empty parent. */
export function pathOf(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** Every key of `object` must be one of `known`: Anthropic refuses extra fields rather than ignore them. */
export function onlyKnown(object: JsonObject, known: readonly string[], parent: string): Read<void> {
  const extra = Object.keys(object).find((key) => !known.includes(key));
  return extra === undefined ? ok(undefined) : err(fault(pathOf(parent, extra), 'Extra inputs are not permitted'));
}

export function readString(value: unknown, param: string): Read<string> {
  return typeof value === 'string' ? ok(value) : err(fault(param, 'Input should be a valid string'));
}

export function readBoolean(value: unknown, param: string): Read<boolean> {
  return typeof value === 'boolean' ? ok(value) : err(fault(param, 'Input should be a valid boolean'));
}

export function readArray(value: unknown, param: string): Read<readonly unknown[]> {
  return Array.isArray(value) ? ok(value) : err(fault(param, 'Input should be a valid list'));
}

export function readObject(value: unknown, param: string): Read<JsonObject> {
  return isJsonObject(value) ? ok(value) : err(fault(param, 'Input should be a valid dictionary'));
}

/** An integer in `[min, max]`. */
export function readInteger(value: unknown, param: string, min: number, max = Number.MAX_SAFE_INTEGER): Read<number> {
  if (typeof value !== 'number' || !Number.isInteger(value)) return err(fault(param, 'Input should be a valid integer'));
  if (value < min) return err(fault(param, `Input should be greater than or equal to ${min}`));
  if (value > max) return err(fault(param, `Input should be less than or equal to ${max}`));
  return ok(value);
}

/** A finite number in `[min, max]`, or in `(min, max]` when `minExclusive`. */
export function readNumber(value: unknown, param: string, range: { min: number; max: number; minExclusive?: boolean }): Read<number> {
  if (typeof value !== 'number' || !Number.isFinite(value)) return err(fault(param, 'Input should be a valid number'));
  if (range.minExclusive ? value <= range.min : value < range.min) {
    return err(fault(param, `Input should be greater than ${range.minExclusive ? '' : 'or equal to '}${range.min}`));
  }
  if (value > range.max) return err(fault(param, `Input should be less than or equal to ${range.max}`));
  return ok(value);
}

/** A field that may be absent (or null, which the official clients send for "not given"): `fallback` then. */
export function optionalField<T>(object: JsonObject, key: string, parent: string, read: (value: unknown, param: string) => Read<T>, fallback: T): Read<T> {
  const value = object[key];
  return value === undefined || value === null ? ok(fallback) : read(value, pathOf(parent, key));
}

export function requiredField<T>(object: JsonObject, key: string, parent: string, read: (value: unknown, param: string) => Read<T>): Read<T> {
  const value = object[key];
  return value === undefined ? err(fault(pathOf(parent, key), 'Field required')) : read(value, pathOf(parent, key));
}
