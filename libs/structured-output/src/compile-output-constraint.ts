import { ok, type Result } from '@tsukimi/result';
import { type OutputConstraint } from './output-constraint';
import { compileSchema } from './schema/schema.compiler';
import { anyValueNode, NodeIds, type SchemaNode } from './schema/schema-node';
import { type SchemaError } from './schema.errors';
import { TokenConstraint } from './tokens/token.constraint';
import { type TokenVocabulary } from './tokens/token-vocabulary';

/** A checked constraint, ready to start a token-level state per request. */
export interface CompiledConstraint {
  /** A fresh state for one generation over `vocabulary`. */
  start(vocabulary: TokenVocabulary): TokenConstraint;
}

/**
 * Checks and compiles a request's output constraint. The API calls it to answer 400 on a
 * schema outside the supported subset; generation calls it again to get the automaton.
 */
export function compileOutputConstraint(constraint: OutputConstraint): Result<CompiledConstraint, SchemaError> {
  let root: SchemaNode;
  if (constraint.kind === 'json-object') {
    const ids = new NodeIds();
    root = { kind: 'object', id: ids.take(), properties: new Map(), required: [], additional: anyValueNode(ids) };
  } else {
    const compiled = compileSchema(constraint.schema);
    if (!compiled.ok) return compiled;
    root = compiled.value;
  }
  return ok({ start: (vocabulary) => new TokenConstraint(root, vocabulary) });
}
