import { type GenerationParams } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type OutputConstraint as WireConstraint, type OutputConstraint__Output as WireConstraintOut } from '../generated/tsukimi/v1/OutputConstraint';

type Constraint = NonNullable<GenerationParams['constraint']>;

/** The schema travels as JSON text: proto has no type for an arbitrary JSON value. */
export function constraintToWire(constraint: Constraint): WireConstraint {
  if (constraint.kind === 'json-object') return { kind: 'json-object', schemaJson: '', name: '' };
  return { kind: 'json-schema', schemaJson: JSON.stringify(constraint.schema), name: constraint.name ?? '' };
}

/** Null when the request has none; a kind this side does not know, or a schema that is not JSON, is named. */
export function constraintFromWire(wire: WireConstraintOut | null): Result<Constraint | undefined, string> {
  if (!wire || wire.kind === '') return ok(undefined);
  if (wire.kind === 'json-object') return ok({ kind: 'json-object' });
  if (wire.kind !== 'json-schema') return err(`constraint kind must be json-object or json-schema, got '${wire.kind.slice(0, 40)}'`);
  let schema: unknown;
  try {
    schema = JSON.parse(wire.schemaJson);
  } catch {
    return err('constraint schema is not valid JSON');
  }
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return err('constraint schema must be a JSON object or a boolean');
  }
  return ok({ kind: 'json-schema', schema: schema as Extract<Constraint, { kind: 'json-schema' }>['schema'], ...(wire.name ? { name: wire.name } : {}) });
}
