import fc from 'fast-check';
import { type Endpoint, type Expectation } from './openai-reply.oracle';
import { type RawRequest } from './raw-http.client';

/** One request of the fuzz suite and what it may be answered with. */
export interface FuzzCase {
  readonly request: RawRequest;
  readonly expect: Expectation;
}

/** What the generators need to know of the server under test. */
export interface FuzzTarget {
  readonly model: string;
  readonly maxRequestBodyBytes: number;
}

const JSON_TYPE = 'application/json';
const PATHS: Readonly<Record<Endpoint, string>> = { completions: '/v1/completions', chat: '/v1/chat/completions' };
const PROMPT_PARAM: Readonly<Record<Endpoint, string>> = { completions: 'prompt', chat: 'messages' };
const SHARED_FIELDS = ['model', 'temperature', 'top_p', 'top_k', 'seed', 'stop', 'stream', 'stream_options', 'ignore_eos', 'return_token_ids', 'user', 'n', 'presence_penalty', 'frequency_penalty', 'repetition_penalty', 'logit_bias', 'min_tokens', 'stop_token_ids', 'response_format', 'max_tokens'];
export const FIELDS: Readonly<Record<Endpoint, readonly string[]>> = {
  completions: [...SHARED_FIELDS, 'prompt', 'echo', 'best_of', 'suffix', 'logprobs'],
  chat: [...SHARED_FIELDS, 'messages', 'max_completion_tokens', 'logprobs', 'top_logprobs', 'tools', 'tool_choice', 'functions', 'function_call'],
};

export const endpointArb = fc.constantFrom<Endpoint>('completions', 'chat');

/** A request that is valid and cheap: two tokens of a short prompt. */
export function validBody(endpoint: Endpoint, model: string): Record<string, unknown> {
  return endpoint === 'chat' ? { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 } : { model, prompt: 'Hello', max_tokens: 2 };
}

const jsonCase = (endpoint: Endpoint, body: string, expect: Omit<Expectation, 'endpoint'> = {}): FuzzCase => ({
  request: { path: PATHS[endpoint], body, contentType: JSON_TYPE },
  expect: { endpoint, statuses: [413], ...expect },
});

/** Values at and past every edge a field of these endpoints has: types, ranges, sizes. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(0, -1, 1, 2, 4, 5, 16, 17, 21, 300, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 0.5, -0.5, '', ' ', '0', 'none', 'auto', 'text', true, false, null, [], {}, [null], [''], [-1], [0], [258], [259], { '': 1 }, { '0': 1 }, { '1': 'x' }),
  fc.constantFrom({ type: 'text' }, { type: 'json_object' }, { type: 'json_schema' }, { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'integer' } } }, { include_usage: true }, [{ role: 'user', content: 'x' }], [{ type: 'text', text: 'x' }]),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double(),
  fc.string({ maxLength: 2000 }),
  fc.array(fc.integer({ min: -5, max: 300 }), { maxLength: 400 }),
  fc.array(fc.array(fc.integer({ min: 0, max: 260 }), { maxLength: 8 }), { maxLength: 70 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(300).map(String)), fc.oneof(fc.integer({ min: -200, max: 200 }), fc.double(), fc.string()), { maxKeys: 400 }),
  fc.array(fc.string({ maxLength: 3000 }), { maxLength: 8 }),
  fc.array(fc.record({ role: fc.constantFrom('user', 'system', 'assistant', 'tool', 'robot'), content: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }), { maxLength: 20 }),
);

/** Any JSON value as the body: almost never a request, always a 4xx. */
export const arbitraryJsonCase = (): fc.Arbitrary<FuzzCase> =>
  fc.tuple(endpointArb, fc.jsonValue({ maxDepth: 5 })).map(([endpoint, value]) => jsonCase(endpoint, JSON.stringify(value)));

/** A body of known fields with hostile values, with a valid model and prompt half the time: a 400 names one of its fields, or it is a 200. */
export const knownFieldsCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  endpointArb.chain((endpoint) =>
    fc.tuple(fc.dictionary(fc.constantFrom(...FIELDS[endpoint]), hostileValue, { maxKeys: 6 }), fc.boolean()).map(([fields, grounded]) => {
      const body = grounded ? { ...validBody(endpoint, t.model), max_tokens: undefined, ...fields } : fields;
      return jsonCase(endpoint, JSON.stringify(body), { params: [...Object.keys(fields), 'model', PROMPT_PARAM[endpoint]] });
    }),
  );

/** A valid request with one field set to a hostile value: a 400 names that field, or it is a 200. */
export const oneFieldCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  endpointArb.chain((endpoint) =>
    fc.tuple(fc.constantFrom(...FIELDS[endpoint]), hostileValue).map(([field, value]) =>
      jsonCase(endpoint, JSON.stringify({ ...validBody(endpoint, t.model), [field]: value }), { params: [field] }),
    ),
  );
