import { type JsonSchema } from '../output-constraint';
import { describeSchemaError, type SchemaError } from '../schema.errors';
import { compileSchema } from './schema.compiler';

function failure(schema: JsonSchema): SchemaError | undefined {
  const compiled = compileSchema(schema);
  return compiled.ok ? undefined : compiled.error;
}

describe('compileSchema', () => {
  it.each<[JsonSchema, string, string]>([
    [{ type: 'string', pattern: '^a' }, 'pattern', ''],
    [{ type: 'string', format: 'date-time' }, 'format', ''],
    [{ type: 'number', minimum: 0 }, 'minimum', ''],
    [{ oneOf: [{ type: 'string' }] }, 'oneOf', ''],
    [{ allOf: [] }, 'allOf', ''],
    [{ type: 'object', properties: { a: { type: 'array', uniqueItems: true } } }, 'uniqueItems', '/properties/a'],
    [{ type: 'array', items: { not: {} } }, 'not', '/items'],
    [{ type: 'array', prefixItems: [] }, 'prefixItems', ''],
    [{ type: 'object', patternProperties: {} }, 'patternProperties', ''],
  ])('refuses %j naming %s', (schema, keyword, path) => {
    expect(failure(schema)).toEqual({ kind: 'unsupported-keyword', keyword, path });
  });

  it.each<[string, JsonSchema, string]>([
    ['false', false, ''],
    ['unknown type', { type: 'text' }, '/type'],
    ['empty enum', { enum: [] }, '/enum'],
    ['enum outside its type', { type: 'string', enum: [1, 2] }, ''],
    ['bounds crossed', { type: 'string', minLength: 3, maxLength: 2 }, ''],
    ['negative bound', { type: 'array', minItems: -1 }, '/minItems'],
    ['tuple items', { type: 'array', items: [{}] }, '/items'],
    ['required key not allowed', { type: 'object', properties: { a: {} }, required: ['b'] }, '/required'],
    ['remote reference', { $ref: 'https://example.com/s.json' }, '/$ref'],
    ['dangling reference', { $ref: '#/$defs/missing' }, '/$ref'],
    ['anyOf beside other keywords', { type: 'object', anyOf: [{}] }, ''],
    ['a reference to itself', { $ref: '#' }, ''],
    ['references in a loop', { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }, ''],
    ['anyOf listing its own schema', { anyOf: [{ $ref: '#' }, { type: 'integer' }] }, ''],
    ['a property whose schema loops', { type: 'object', properties: { a: { $ref: '#/$defs/x' } }, $defs: { x: { anyOf: [{ $ref: '#/$defs/x' }] } } }, ''],
  ])('refuses an invalid schema: %s', (_name, schema, path) => {
    expect(failure(schema)).toMatchObject({ kind: 'invalid-schema', path });
  });

  it.each<[string, JsonSchema]>([
    ['true', true],
    ['empty', {}],
    ['annotations', { title: 'T', description: 'd', $schema: 'https://json-schema.org/draft/2020-12/schema', default: 1, examples: [] }],
    ['pydantic optional', { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Nick' }],
    ['enum with its type', { type: 'string', enum: ['a', 'b'] }],
    ['nested', { type: 'object', properties: { a: { type: 'array', items: { type: 'object', properties: { b: { const: 1 } } } } } }],
    ['a tree: recursion through an object', { type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } }],
    ['a linked list: recursion through anyOf and an object', { anyOf: [{ type: 'null' }, { type: 'object', properties: { next: { $ref: '#' } } }] }],
  ])('accepts %s', (_name, schema) => {
    expect(compileSchema(schema).ok).toBe(true);
  });

  it('describes errors for an API answer', () => {
    expect(describeSchemaError({ kind: 'unsupported-keyword', keyword: 'pattern', path: '/properties/a' })).toBe(
      "unsupported JSON Schema keyword 'pattern' at /properties/a",
    );
    expect(describeSchemaError({ kind: 'invalid-schema', path: '', reason: 'enum must be a non-empty array' })).toBe(
      'invalid JSON Schema at the schema root: enum must be a non-empty array',
    );
  });
});
