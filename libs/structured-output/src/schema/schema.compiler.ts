import { err, ok, type Result } from '@tsukimi/result';
import { type JsonSchema } from '../output-constraint';
import { type SchemaError } from '../schema.errors';
import { type CompileContext, invalid } from './compile-context';
import { jsonEqual, validateJson } from './json-schema.validator';
import { ANNOTATION_KEYWORDS, ARRAY_KEYWORDS, JSON_TYPES, OBJECT_KEYWORDS, STRING_KEYWORDS, SUPPORTED_KEYWORDS } from './schema-keywords';
import { anyValueNode, literalNode, NodeIds, type SchemaNode, type UnionNode } from './schema-node';
import { hasValuelessCycle } from './schema-cycles';
import { resolveRef } from './schema-ref';
import { compileArray, compileObject, compileString } from './schema-types.compiler';

type Schema = { readonly [keyword: string]: unknown };

/** Compiles `schema` (the subset named in the README) into automaton nodes, or says which keyword or place it cannot take. */
export function compileSchema(schema: JsonSchema): Result<SchemaNode, SchemaError> {
  const context: CompileContext = {
    root: schema,
    ids: new NodeIds(),
    refs: new Map(),
    compile: (sub, path) => compileAt(context, sub, path),
  };
  const root = context.compile(schema, '');
  if (root.ok && hasValuelessCycle(root.value)) return invalid('', '$ref or anyOf leads back to itself before any value, so it admits none');
  return root;
}

function compileAt(context: CompileContext, schema: unknown, path: string): Result<SchemaNode, SchemaError> {
  if (schema === true) return ok(anyValueNode(context.ids));
  if (schema === false) return invalid(path, 'the schema false admits no value');
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return invalid(path, 'a schema must be an object or a boolean');
  const s = schema as Schema;
  const constraining = Object.keys(s).filter((k) => !ANNOTATION_KEYWORDS.has(k));
  const unsupported = constraining.find((k) => !SUPPORTED_KEYWORDS.has(k));
  if (unsupported !== undefined) return err({ kind: 'unsupported-keyword', keyword: unsupported, path });
  if (s.$ref !== undefined) return constraining.length === 1 ? compileRef(context, s.$ref, path) : invalid(path, '$ref cannot be combined with other keywords');
  if (s.enum !== undefined || 'const' in s) return compileLiterals(context, s, path);
  if (s.anyOf !== undefined) return constraining.length === 1 ? compileAnyOf(context, s.anyOf, path) : invalid(path, 'anyOf cannot be combined with other keywords');
  const types = typesOf(s, path);
  if (!types.ok) return types;
  if (types.value.length === 0) return ok(anyValueNode(context.ids));
  const nodes: SchemaNode[] = [];
  for (const type of types.value) {
    const node = compileType(context, s, type, path);
    if (!node.ok) return node;
    nodes.push(node.value);
  }
  return ok(nodes.length === 1 ? nodes[0]! : { kind: 'union', id: context.ids.take(), options: nodes });
}

function compileType(context: CompileContext, s: Schema, type: string, path: string): Result<SchemaNode, SchemaError> {
  switch (type) {
    case 'object':
      return compileObject(context, s, path);
    case 'array':
      return compileArray(context, s, path);
    case 'string':
      return compileString(context, s, path);
    case 'number':
    case 'integer':
      return ok({ kind: 'number', id: context.ids.take(), integer: type === 'integer' });
    case 'boolean':
      return ok(literalNode(context.ids, [true, false]));
    default:
      return ok(literalNode(context.ids, [null]));
  }
}

/** The listed types, or the ones the keywords imply when `type` is absent (none: any value). */
function typesOf(s: Schema, path: string): Result<string[], SchemaError> {
  if (s.type === undefined) {
    const has = (keywords: readonly string[]) => keywords.some((k) => s[k] !== undefined);
    return ok([has(OBJECT_KEYWORDS) && 'object', has(ARRAY_KEYWORDS) && 'array', has(STRING_KEYWORDS) && 'string'].filter((t) => t !== false));
  }
  const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
  if (types.length === 0) return invalid(`${path}/type`, 'type lists no type');
  const unknown = types.find((t) => typeof t !== 'string' || !JSON_TYPES.has(t));
  if (unknown !== undefined) return invalid(`${path}/type`, `unknown type ${JSON.stringify(unknown)}`);
  return ok([...new Set(types as string[])]);
}

function compileRef(context: CompileContext, ref: unknown, path: string): Result<SchemaNode, SchemaError> {
  if (typeof ref !== 'string') return invalid(`${path}/$ref`, '$ref must be a string');
  const known = context.refs.get(ref);
  if (known) return ok(known);
  const target = resolveRef(context.root, ref);
  if (!target.ok) return invalid(`${path}/$ref`, target.error);
  const node: UnionNode = { kind: 'union', id: context.ids.take(), options: [] };
  context.refs.set(ref, node);
  const compiled = context.compile(target.value, ref.slice(1));
  if (!compiled.ok) return compiled;
  node.options.push(compiled.value);
  return ok(node);
}

function compileAnyOf(context: CompileContext, anyOf: unknown, path: string): Result<SchemaNode, SchemaError> {
  if (!Array.isArray(anyOf) || anyOf.length === 0) return invalid(`${path}/anyOf`, 'anyOf must be a non-empty array of schemas');
  const options: SchemaNode[] = [];
  for (let i = 0; i < anyOf.length; i++) {
    const option = context.compile(anyOf[i], `${path}/anyOf/${i}`);
    if (!option.ok) return option;
    options.push(option.value);
  }
  return ok({ kind: 'union', id: context.ids.take(), options });
}

/** enum and const: the listed values that also satisfy the sibling keywords. */
function compileLiterals(context: CompileContext, s: Schema, path: string): Result<SchemaNode, SchemaError> {
  if (s.enum !== undefined && (!Array.isArray(s.enum) || s.enum.length === 0)) return invalid(`${path}/enum`, 'enum must be a non-empty array');
  const candidates = 'const' in s ? [s.const] : (s.enum as unknown[]);
  const { enum: _enum, const: _const, ...rest } = s;
  const inEnum = (v: unknown) => s.enum === undefined || (s.enum as unknown[]).some((e) => jsonEqual(e, v));
  const fitting = candidates.filter((v) => inEnum(v) && validateJson(rest, v, context.root).ok);
  if (fitting.length === 0) return invalid(path, 'no enum or const value satisfies the other keywords');
  return ok(literalNode(context.ids, fitting));
}
