import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { type JsonSchema } from '../output-constraint';
import { resolveRef } from './schema-ref';

/** Where a value breaks its schema: a JSON Pointer into the value, and why. */
export interface SchemaViolation {
  readonly path: string;
  readonly reason: string;
}

type Schema = { readonly [keyword: string]: unknown };

/**
 * Checks `value` against `schema` with standard JSON Schema semantics, for the keywords
 * the compiler supports (unknown keywords are ignored here; the compiler refuses them).
 * The compiler uses it to keep only the enum values that fit their sibling keywords.
 */
export function validateJson(schema: JsonSchema, value: unknown, root: JsonSchema = schema, path = ''): Result<true, SchemaViolation> {
  if (schema === true) return ok(true);
  if (schema === false) return err({ path, reason: 'no value is allowed here' });
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    const target = resolveRef(root, s.$ref);
    if (!target.ok) return err({ path, reason: target.error });
    const checked = validateJson(target.value, value, root, path);
    if (!checked.ok) return checked;
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(value, t))) return err({ path, reason: `expected ${types.join(' or ')}` });
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((v) => jsonEqual(v, value))) return err({ path, reason: 'not one of the enum values' });
  if ('const' in s && !jsonEqual(s.const, value)) return err({ path, reason: 'not the const value' });
  if (s.anyOf !== undefined && !(s.anyOf as JsonSchema[]).some((option) => validateJson(option, value, root, path).ok)) {
    return err({ path, reason: 'matches none of anyOf' });
  }
  if (typeof value === 'string') return checkString(s, value, path);
  if (Array.isArray(value)) return checkArray(s, value, root, path);
  if (isJsonObject(value)) return checkObject(s, value, root, path);
  return ok(true);
}

function checkString(s: Schema, value: string, path: string): Result<true, SchemaViolation> {
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) return err({ path, reason: `shorter than ${s.minLength}` });
  if (typeof s.maxLength === 'number' && length > s.maxLength) return err({ path, reason: `longer than ${s.maxLength}` });
  return ok(true);
}

function checkArray(s: Schema, value: readonly unknown[], root: JsonSchema, path: string): Result<true, SchemaViolation> {
  if (typeof s.minItems === 'number' && value.length < s.minItems) return err({ path, reason: `fewer than ${s.minItems} items` });
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) return err({ path, reason: `more than ${s.maxItems} items` });
  if (s.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const checked = validateJson(s.items as JsonSchema, value[i], root, `${path}/${i}`);
      if (!checked.ok) return checked;
    }
  }
  return ok(true);
}

function checkObject(s: Schema, value: Record<string, unknown>, root: JsonSchema, path: string): Result<true, SchemaViolation> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of (s.required ?? []) as string[]) {
    if (!Object.hasOwn(value, name)) return err({ path, reason: `missing required property '${name}'` });
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const sub = Object.hasOwn(properties, key) ? properties[key]! : ((s.additionalProperties ?? true) as JsonSchema);
    const checked = validateJson(sub, item, root, at);
    if (!checked.ok) return checked;
  }
  return ok(true);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    default:
      return false;
  }
}

/** Equality of JSON values: numbers by value, objects regardless of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
