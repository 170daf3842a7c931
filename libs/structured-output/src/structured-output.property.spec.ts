import { expectOk } from '@tsukimi/result';
import { compileOutputConstraint } from './compile-output-constraint';
import { type JsonSchema } from './output-constraint';
import { validateJson } from './schema/json-schema.validator';
import { randomSchema } from './testing/random-schema';
import { BYTE_VOCABULARY, seededUniform } from './testing/test-vocabularies';

const MAX_TOKENS = 4096;
const COMPLETIONS = 100;
const SCHEMAS = 16;

/** One completion at temperature 1 over random logits, masked by the constraint. */
function complete(schema: JsonSchema, random: () => number): { text: string; finished: boolean } {
  const state = expectOk(compileOutputConstraint({ kind: 'json-schema', schema }), 'compile').start(BYTE_VOCABULARY);
  const bytes: number[] = [];
  const weights = new Float64Array(BYTE_VOCABULARY.vocabSize);
  for (let step = 0; step < MAX_TOKENS; step++) {
    const allowed = state.allowedTokens();
    let total = 0;
    for (let t = 0; t < weights.length; t++) total += weights[t] = allowed[t] ? Math.exp(random() * 8) : 0;
    let target = random() * total;
    let token = 0;
    while (target >= weights[token]! || weights[token] === 0) target -= weights[token++]!;
    if (token === BYTE_VOCABULARY.eosToken) return { text: new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)), finished: true };
    if (!state.accept(token)) throw new Error(`token ${token} was allowed but refused`);
    bytes.push(token);
  }
  return { text: '', finished: false };
}

describe('structured output over random schemas and random logits', () => {
  const random = seededUniform(20240601);
  const schemas = Array.from({ length: SCHEMAS }, () => randomSchema(random, 2));

  it.each(schemas.map((schema, i) => [i, schema] as const))('schema %i: every finished completion parses and validates', (_i, schema) => {
    let cut = 0;
    for (let n = 0; n < COMPLETIONS; n++) {
      const { text, finished } = complete(schema, random);
      if (!finished) {
        cut++;
        continue;
      }
      const valid = validateJson(schema, JSON.parse(text));
      if (!valid.ok) throw new Error(`${JSON.stringify(schema)}\n${text}\n${JSON.stringify(valid.error)}`);
    }
    // Random logits wander (long strings, many free keys); a cut completion is what max_tokens gives.
    expect(cut).toBeLessThanOrEqual(COMPLETIONS * 0.02);
  });

  it('generates every kind of schema the generator knows', () => {
    const kinds = JSON.stringify(schemas);
    for (const keyword of ['"anyOf"', '"$ref"', '"enum"', '"const"', '"minItems"', '"maxLength"', '"additionalProperties":{', '"additionalProperties":false', '"integer"', '"null"']) expect(kinds).toContain(keyword);
  });
});
