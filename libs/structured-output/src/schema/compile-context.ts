import { err, type Result } from '@tsukimi/result';
import { type JsonSchema } from '../output-constraint';
import { type SchemaError } from '../schema.errors';
import { type NodeIds, type SchemaNode, type UnionNode } from './schema-node';

/** State shared while compiling one schema: node ids and the `$ref`s already compiled. */
export interface CompileContext {
  readonly root: JsonSchema;
  readonly ids: NodeIds;
  readonly refs: Map<string, UnionNode>;
  /** Compiles the sub-schema found at `path` (a JSON Pointer, for error messages). */
  compile(schema: unknown, path: string): Result<SchemaNode, SchemaError>;
}

export function invalid(path: string, reason: string): Result<never, SchemaError> {
  return err({ kind: 'invalid-schema', path, reason });
}
