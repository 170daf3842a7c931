export { type JsonValue, type JsonSchema, type OutputConstraint } from './output-constraint';
export { type SchemaError, describeSchemaError } from './schema.errors';
export { type CompiledConstraint, compileOutputConstraint } from './compile-output-constraint';
export { TokenConstraint } from './tokens/token.constraint';
export { type TokenVocabulary } from './tokens/token-vocabulary';
export { validateJson, type SchemaViolation } from './schema/json-schema.validator';
