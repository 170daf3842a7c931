import { ok, type Result } from '@tsukimi/result';
import { type SchemaError } from '../schema.errors';
import { type CompileContext, invalid } from './compile-context';
import { anyValueNode, type SchemaNode } from './schema-node';

type Schema = { readonly [keyword: string]: unknown };

/**
 * An object node. Keys are the declared properties; other keys only where
 * `additionalProperties` allows them explicitly, or where no property is declared
 * (`additionalProperties` absent). Generating only declared keys is what OpenAI's strict
 * mode asks for anyway, and keeps a model from wandering into invented keys.
 */
export function compileObject(context: CompileContext, s: Schema, path: string): Result<SchemaNode, SchemaError> {
  const declared = s.properties ?? {};
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return invalid(`${path}/properties`, 'properties must be an object');
  const properties = new Map<string, SchemaNode>();
  for (const [name, sub] of Object.entries(declared)) {
    const node = context.compile(sub, `${path}/properties/${escapePointer(name)}`);
    if (!node.ok) return node;
    properties.set(name, node.value);
  }
  let additional: SchemaNode | null;
  const extra = s.additionalProperties;
  if (extra === undefined) additional = properties.size > 0 ? null : anyValueNode(context.ids);
  else if (extra === false) additional = null;
  else {
    const node = context.compile(extra, `${path}/additionalProperties`);
    if (!node.ok) return node;
    additional = node.value;
  }
  const required = s.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) return invalid(`${path}/required`, 'required must be an array of strings');
  const impossible = (required as string[]).find((name) => !properties.has(name) && additional === null);
  if (impossible !== undefined) return invalid(`${path}/required`, `required property '${impossible}' is not allowed by properties or additionalProperties`);
  return ok({ kind: 'object', id: context.ids.take(), properties, required: [...new Set(required as string[])], additional });
}

export function compileArray(context: CompileContext, s: Schema, path: string): Result<SchemaNode, SchemaError> {
  if (Array.isArray(s.items)) return invalid(`${path}/items`, 'items must be one schema (tuples are not supported)');
  const items = s.items === undefined ? ok(anyValueNode(context.ids)) : context.compile(s.items, `${path}/items`);
  if (!items.ok) return items;
  const bounds = countBounds(s, 'minItems', 'maxItems', path);
  if (!bounds.ok) return bounds;
  return ok({ kind: 'array', id: context.ids.take(), items: items.value, minItems: bounds.value.min, maxItems: bounds.value.max });
}

export function compileString(context: CompileContext, s: Schema, path: string): Result<SchemaNode, SchemaError> {
  const bounds = countBounds(s, 'minLength', 'maxLength', path);
  if (!bounds.ok) return bounds;
  return ok({ kind: 'string', id: context.ids.take(), minLength: bounds.value.min, maxLength: bounds.value.max });
}

function countBounds(s: Schema, minKey: string, maxKey: string, path: string): Result<{ min: number; max: number }, SchemaError> {
  const min = s[minKey] ?? 0;
  const max = s[maxKey] ?? Infinity;
  if (!isCount(min)) return invalid(`${path}/${minKey}`, `${minKey} must be a non-negative integer`);
  if (max !== Infinity && !isCount(max)) return invalid(`${path}/${maxKey}`, `${maxKey} must be a non-negative integer`);
  if ((max as number) < min) return invalid(path, `${minKey} exceeds ${maxKey}`);
  return ok({ min, max: max as number });
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
