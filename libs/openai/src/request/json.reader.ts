import { err, isJsonObject, type JsonObject, ok, type Result } from '@tsukimi/result';
import { invalidRequest } from '../errors/api-error.builders';
import { type ApiError } from '../errors/api-error.model';

/** A parse outcome: the typed value, or the 400 that names the field at fault. */
export type Parsed<T> = Result<T, ApiError>;

/** Reads one JSON value as `T`; `param` names the value in the error. */
export type Reader<T> = (value: unknown, param: string) => Parsed<T>;

/** Reads the field `key` of a body, naming it `param` in errors; absence and null handling is the reader's choice. */
export type FieldReader<T> = (body: JsonObject, key: string, param: string) => Parsed<T>;

type FieldsOf<S> = { readonly [K in keyof S]: S[K] extends FieldReader<infer T> ? T : never };

/** The body of a POST must be a JSON object; anything else is a 400 with no param. */
export function asBody(body: unknown): Parsed<JsonObject> {
  return isJsonObject(body)
    ? ok(body)
    : err(invalidRequest(`The request body must be a JSON object, but got ${describeJson(body)}.`, null, 'invalid_type'));
}

/** How a JSON value is named in messages, after OpenAI's wording ("but got a string instead"). */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The longest quotation of a sent value that an error message carries. */
const MAX_QUOTED_CHARS = 80;

/**
 * A sent value as an error message quotes it: a scalar as JSON, clipped; an array or object
 * by its kind only, since its size and nesting are the sender's to choose (serializing a
 * deeply nested one overflows the stack).
 */
export function quoteJson(value: unknown): string {
  if (typeof value === 'object' && value !== null) return describeJson(value);
  return clipText(JSON.stringify(value) ?? String(value));
}

/** Text from a request as an error message quotes it: at most `MAX_QUOTED_CHARS` characters. */
export function clipText(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

/**
 * Whether arrays and objects nest in `value` more than `maxDepth` levels deep (a scalar is 0,
 * `[]` is 1). Walks with its own stack: the value may nest as deep as the body allows.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** 400 `invalid_type` for `param`. */
export function wrongType(param: string, expected: string, value: unknown): ApiError {
  const message = `Invalid type for '${param}': expected ${expected}, but got ${describeJson(value)} instead.`;
  return invalidRequest(message, param, 'invalid_type');
}

/** 400 `missing_required_parameter` for `param`. */
export function missingParameter(param: string): ApiError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

/** 400 `invalid_value` for `param`. */
export function invalidValue(param: string, message: string): ApiError {
  return invalidRequest(`Invalid '${param}': ${message}`, param, 'invalid_value');
}

export const asString: Reader<string> = (v, p) => (typeof v === 'string' ? ok(v) : err(wrongType(p, 'a string', v)));
export const asBoolean: Reader<boolean> = (v, p) => (typeof v === 'boolean' ? ok(v) : err(wrongType(p, 'a boolean', v)));
export const asNumber: Reader<number> = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? ok(v) : err(wrongType(p, 'a number', v));
export const asInteger: Reader<number> = (v, p) =>
  typeof v === 'number' && Number.isInteger(v) ? ok(v) : err(wrongType(p, 'an integer', v));
export const asObject: Reader<JsonObject> = (v, p) => (isJsonObject(v) ? ok(v) : err(wrongType(p, 'an object', v)));
export const asArray: Reader<readonly unknown[]> = (v, p) => (Array.isArray(v) ? ok(v) : err(wrongType(p, 'an array', v)));
/** Any JSON value, for fields whose neutral check looks at the value itself. */
export const asJson: Reader<unknown> = (v) => ok(v);

export interface Bounds {
  readonly min?: number;
  /** The minimum itself is not allowed (`top_p` must be above 0). */
  readonly minExclusive?: boolean;
  readonly max?: number;
}

/** An integer within `bounds`; errors are worded like OpenAI's ("Expected a value >= 1, but got -1 instead."). */
export function integerIn(bounds: Bounds): Reader<number> {
  return inRange(asInteger, 'integer', bounds);
}

/** A number within `bounds`; errors are worded like OpenAI's ("Expected a value <= 2, but got 3 instead."). */
export function decimalIn(bounds: Bounds): Reader<number> {
  return inRange(asNumber, 'decimal', bounds);
}

function inRange(read: Reader<number>, kind: 'integer' | 'decimal', bounds: Bounds): Reader<number> {
  return (value, param) => {
    const parsed = read(value, param);
    if (!parsed.ok) return parsed;
    const v = parsed.value;
    const { min, max, minExclusive = false } = bounds;
    if (min !== undefined && (minExclusive ? v <= min : v < min)) {
      return err(outOfRange(param, kind, 'min', `${minExclusive ? '>' : '>='} ${min}`, v));
    }
    if (max !== undefined && v > max) return err(outOfRange(param, kind, 'max', `<= ${max}`, v));
    return parsed;
  };
}

/** A required field: absent or null is a 400 `missing_required_parameter`. */
export function required<T>(read: Reader<T>): FieldReader<T> {
  return (body, key, param) => {
    const value = fieldValue(body, key);
    return value === undefined || value === null ? err(missingParameter(param)) : read(value, param);
  };
}

/** An optional field: absent or null yields `fallback`, as the OpenAI API treats null as "the default". */
export function optional<T, D>(read: Reader<T>, fallback: D): FieldReader<T | D> {
  return (body, key, param) => {
    const value = fieldValue(body, key);
    return value === undefined || value === null ? ok(fallback) : read(value, param);
  };
}

/**
 * A field this server accepts only at its neutral value (a penalty of 0, `n` of 1): the value
 * must still have the right type, and anything but neutral is a 400 `unsupported_value`.
 */
export function neutralOnly<T>(read: Reader<T>, isNeutral: (value: T) => boolean, neutral: string): FieldReader<void> {
  return (body, key, param) => {
    const value = fieldValue(body, key);
    if (value === undefined || value === null) return ok(undefined);
    const parsed = read(value, param);
    if (!parsed.ok) return parsed;
    if (isNeutral(parsed.value)) return ok(undefined);
    const shown = quoteJson(value);
    return err(unsupported(param, `does not support ${shown} on this server. Only the default (${neutral}) is supported.`));
  };
}

/** 400 `unsupported_value`: a well-formed value this server does not implement. */
export function unsupported(param: string, message: string): ApiError {
  return invalidRequest(`Unsupported value: '${param}' ${message}`, param, 'unsupported_value');
}

/**
 * Reads every field of `schema` from `body` in order; the first failure wins. Unknown fields
 * are ignored, as the OpenAI API and vLLM do. `path` prefixes params (`messages[2]`).
 */
export function readFields<S extends Record<string, FieldReader<unknown>>>(
  body: JsonObject,
  schema: S,
  path?: string,
): Parsed<FieldsOf<S>> {
  const out: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(schema)) {
    const parsed = read(body, key, path === undefined ? key : `${path}.${key}`);
    if (!parsed.ok) return parsed;
    out[key] = parsed.value;
  }
  return ok(out as FieldsOf<S>);
}

/** Own fields only: a body is untrusted, and `constructor` or `toString` are not request fields. */
function fieldValue(body: JsonObject, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

function outOfRange(param: string, kind: string, bound: 'min' | 'max', expected: string, got: number): ApiError {
  const [side, limit] = bound === 'min' ? ['below', 'minimum'] : ['above', 'maximum'];
  return invalidRequest(
    `Invalid '${param}': ${kind} ${side} ${limit} value. Expected a value ${expected}, but got ${got} instead.`,
    param,
    `${kind}_${side}_${bound}_value`,
  );
}
