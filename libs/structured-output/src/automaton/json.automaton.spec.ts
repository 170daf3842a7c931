import { expectOk } from '@tsukimi/result';
import { compileSchema } from '../schema/schema.compiler';
import { type JsonSchema } from '../output-constraint';
import { advance, canFinish, type Config, startConfigs } from './json.automaton';

/** How far `text` gets: a complete value, a prefix of one, or refused at some byte. */
function read(schema: JsonSchema, text: string): 'complete' | 'partial' | 'refused' {
  let configs: readonly Config[] = startConfigs(expectOk(compileSchema(schema), 'compile'));
  for (const byte of new TextEncoder().encode(text)) {
    configs = advance(configs, byte);
    if (configs.length === 0) return 'refused';
  }
  return canFinish(configs) ? 'complete' : 'partial';
}

const ANY = {};

describe('JSON automaton', () => {
  it.each<[string, JsonSchema, string, ReturnType<typeof read>]>([
    ['object', ANY, '{"a": [1, -2.5e3, true, null, "x"], "b": {}}', 'complete'],
    ['nested arrays', ANY, '[[[]], [{"k": false}]]', 'complete'],
    ['string escapes', ANY, '"a\\"b\\\\c\\/\\n\\u00e9"', 'complete'],
    ['raw UTF-8', ANY, '"é🌕"', 'complete'],
    ['surrogate escape refused', ANY, '"\\ud83c', 'refused'],
    ['control character refused', ANY, '"a\nb"', 'refused'],
    ['bad escape refused', ANY, '"\\x"', 'refused'],
    ['leading zero refused', ANY, '01', 'refused'],
    ['top-level number may end or go on', ANY, '12', 'complete'],
    ['number missing fraction digits', ANY, '1.', 'partial'],
    ['trailing comma refused', ANY, '[1,]', 'refused'],
    ['nothing after the value', ANY, '{} ', 'refused'],
    ['unclosed object', ANY, '{"a": 1', 'partial'],
    ['whitespace run bounded', ANY, `[${' '.repeat(17)}1]`, 'refused'],
    ['whitespace run within bound', ANY, `[${' '.repeat(16)}1]`, 'complete'],
    ['integer refuses fraction', { type: 'integer' }, '1.5', 'refused'],
    ['integer refuses exponent', { type: 'integer' }, '1e5', 'refused'],
    ['integer digits bounded', { type: 'integer' }, '12345678901234567', 'refused'],
    ['number exponent bounded', { type: 'number' }, '1e100', 'refused'],
    ['string type refuses number', { type: 'string' }, '1', 'refused'],
    ['maxLength counts code points', { type: 'string', maxLength: 2 }, '"é🌕"', 'complete'],
    ['maxLength refuses a third', { type: 'string', maxLength: 2 }, '"abc', 'refused'],
    ['maxLength counts escapes once', { type: 'string', maxLength: 1 }, '"\\u00e9"', 'complete'],
    ['minLength holds the quote', { type: 'string', minLength: 2 }, '"a"', 'refused'],
    ['enum', { enum: ['red', 'green', 7] }, '"green"', 'complete'],
    ['enum refuses others', { enum: ['red', 'green'] }, '"blue"', 'refused'],
    ['enum prefix values', { enum: [1, 12] }, '1', 'complete'],
    ['const object', { const: { a: [1] } }, '{"a":[1]}', 'complete'],
    ['boolean', { type: 'boolean' }, 'false', 'complete'],
    ['null', { type: 'null' }, 'nul', 'partial'],
    ['type list', { type: ['string', 'null'] }, 'null', 'complete'],
    ['anyOf', { anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'string' } }] }, '["a"]', 'complete'],
    ['anyOf refuses outside all', { anyOf: [{ type: 'integer' }, { type: 'string' }] }, 'true', 'refused'],
    ['minItems', { type: 'array', minItems: 2 }, '[1]', 'refused'],
    ['maxItems', { type: 'array', maxItems: 1 }, '[1,', 'refused'],
    ['items typed', { type: 'array', items: { type: 'integer' } }, '[1, "a"]', 'refused'],
  ])('%s', (_name, schema, text, expected) => {
    expect(read(schema, text)).toBe(expected);
  });

  const person = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['name', 'age'],
    additionalProperties: false,
  };

  it.each<[string, JsonSchema, string, ReturnType<typeof read>]>([
    ['all keys', person, '{"name": "Ada", "age": 36, "tags": ["x"]}', 'complete'],
    ['any key order', person, '{"age": 36, "name": "Ada"}', 'complete'],
    ['missing required key holds the brace', person, '{"name": "Ada"}', 'refused'],
    ['undeclared key', person, '{"nick', 'refused'],
    ['repeated key', person, '{"name": "a", "name', 'refused'],
    ['value typed by its key', person, '{"age": "', 'refused'],
    ['no comma after the last key', { ...person, required: [] }, '{"name": "a", "age": 1, "tags": [],', 'refused'],
    ['declared keys only when properties are given', { type: 'object', properties: { a: {} } }, '{"b', 'refused'],
    ['free keys with additionalProperties schema', { type: 'object', additionalProperties: { type: 'integer' } }, '{"x": 1, "y": 2}', 'complete'],
    ['free keys typed by additionalProperties', { type: 'object', additionalProperties: { type: 'integer' } }, '{"x": "', 'refused'],
    ['a declared key keeps its schema among free keys', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }, '{"b": 1, "a": 2', 'refused'],
    ['escaped free key', { type: 'object' }, '{"\\u00e9": 1}', 'complete'],
    ['a required undeclared key is written as its name', { type: 'object', required: ['é'] }, '{"é": 1}', 'complete'],
    ['free keys only once the required ones are written', { type: 'object', properties: { a: {} }, required: ['a'], additionalProperties: true }, '{"b', 'refused'],
    ['free keys after the required ones', { type: 'object', properties: { a: {} }, required: ['a'], additionalProperties: true }, '{"a": 1, "b": 2}', 'complete'],
    ['no keys allowed', { type: 'object', additionalProperties: false }, '{}', 'complete'],
    ['$ref into $defs', { $defs: { p: { type: 'integer' } }, type: 'array', items: { $ref: '#/$defs/p' } }, '[1, 2]', 'complete'],
    ['recursive $ref', { type: 'object', properties: { child: { $ref: '#' } }, additionalProperties: false }, '{"child": {"child": {}}}', 'complete'],
  ])('object: %s', (_name, schema, text, expected) => {
    expect(read(schema, text)).toBe(expected);
  });
});
