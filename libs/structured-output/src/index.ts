export { type JsonValue, type JsonSchema, type OutputConstraint } from './output-constraint';
export { type SchemaError, describeSchemaError } from './schema.errors';
