import fc from 'fast-check';
import { endpointArb, FIELDS, type FuzzCase, type FuzzTarget, validBody } from './openai-fuzz.arbitraries';
import { type Endpoint } from './openai-reply.oracle';

const PATHS: Readonly<Record<Endpoint, string>> = { completions: '/v1/completions', chat: '/v1/chat/completions' };

/** Any UTF-16 unit (lone surrogates included), control characters, and what breaks naive text handling. */
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u0000', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffd', '\u0301', '😀', '\ud800', '\udfff', '"', '\\', '</s>', '<|im_end|>', '{{', '%s'),
);
const hostileText = (maxLength: number) => fc.string({ unit: hostileChar, maxLength });

/** Prompts, messages, names and stop strings of any characters, escaped as JSON: a 200, or a 400 naming the prompt or the stop strings. */
export const unicodeCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      endpoint: endpointArb,
      texts: fc.array(hostileText(64), { minLength: 1, maxLength: 4 }),
      name: fc.option(hostileText(16), { nil: undefined }),
      stop: fc.option(fc.array(hostileText(8), { maxLength: 4 }), { nil: undefined }),
      stream: fc.boolean(),
    })
    .map(({ endpoint, texts, name, stop, stream }) => {
      const content = endpoint === 'chat' ? { messages: texts.map((text) => ({ role: 'user', content: text, ...(name === undefined ? {} : { name }) })) } : { prompt: texts.length === 1 ? texts[0] : texts };
      const body = { ...validBody(endpoint, t.model), ...content, ...(stop === undefined ? {} : { stop }), ...(stream ? { stream } : {}) };
      return { request: { path: PATHS[endpoint], body: JSON.stringify(body), contentType: 'application/json' }, expect: { endpoint, params: ['prompt', 'messages', 'stop'] } };
    });

/** Raw characters, control characters and quotes unescaped inside a JSON string: malformed JSON (400 with no param) or, by chance, a request. */
export const rawTextCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  fc.tuple(endpointArb, hostileText(64)).map(([endpoint, raw]) => {
    const body = endpoint === 'chat' ? `{"model":${JSON.stringify(t.model)},"max_tokens":2,"messages":[{"role":"user","content":"${raw}"}]}` : `{"model":${JSON.stringify(t.model)},"max_tokens":2,"prompt":"${raw}"}`;
    return { request: { path: PATHS[endpoint], body, contentType: 'application/json' }, expect: { endpoint } };
  });

/** JSON nested up to the body bound, as text (no serializer survives it): as the body, as a field, inside a schema or a message. */
export const deepCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  endpointArb.chain((endpoint) =>
    fc
      .record({
        target: fc.constantFrom('body', 'schema', 'content', ...FIELDS[endpoint]),
        shape: fc.constantFrom('array', 'object', 'schema'),
        depth: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 30_000 })),
      })
      .map(({ target, shape, depth }) => {
        const deep = nested(shape, Math.min(depth, Math.floor(t.maxRequestBodyBytes / NESTING_BYTES[shape])));
        const base = JSON.stringify(validBody(endpoint, t.model)).slice(0, -1);
        const body =
          target === 'body'
            ? deep
            : target === 'schema'
              ? `${base},"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":${nested('schema', Math.min(depth, 1500))}}}}`
              : target === 'content' && endpoint === 'chat'
                ? `${base},"messages":[{"role":"user","content":${deep}}]}`
                : `${base},${JSON.stringify(target === 'content' ? 'prompt' : target)}:${deep}}`;
        const param = target === 'schema' ? 'response_format' : target === 'content' ? (endpoint === 'chat' ? 'messages' : 'prompt') : target;
        return { request: { path: PATHS[endpoint], body, contentType: 'application/json' }, expect: { endpoint, statuses: [413], params: target !== 'body' ? [param] : shape === 'array' ? null : ['model'] } };
      }),
  );

const NESTING_BYTES = { array: 2, object: 6, schema: 40 } as const;

function nested(shape: keyof typeof NESTING_BYTES, depth: number): string {
  if (shape === 'array') return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"integer"}${'}}'.repeat(depth)}`;
}

const CONTENT_TYPES = [undefined, '', 'text/plain', 'text/html', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;;', 'application/json; charset', 'image/png', '*/*', 'application/problem+json', 'application/jsonx'];

/** Bytes that are not UTF-8 or not JSON, and bodies under content types other than JSON: a 4xx (415 for an unknown type), or by chance a request. */
export const wireBytesCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  endpointArb.chain((endpoint) => {
    const valid = JSON.stringify(validBody(endpoint, t.model));
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from(valid.slice(0, -1) + ',"user":"'), bytes, Buffer.from('"}')])),
      fc.string({ unit: 'binary', maxLength: 512 }),
      fc.constant(valid),
      fc.constant(`model=${encodeURIComponent(t.model)}&max_tokens=2&prompt=hi`),
    );
    const contentType = fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.stringMatching(/^[\x20-\x7e]{0,40}$/));
    return fc.tuple(body, contentType).map(([bytes, type]) => ({
      request: { path: PATHS[endpoint], body: bytes, ...(type === undefined ? {} : { contentType: type }) },
      expect: { endpoint, statuses: [415] },
    }));
  });

/** Bodies just over the bound (413, with or without a content-length) and just under it (never 413). */
export const sizeBoundCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  fc.record({ endpoint: endpointArb, over: fc.integer({ min: -1024, max: 4096 }), chunked: fc.boolean() }).map(({ endpoint, over, chunked }) => {
    const size = t.maxRequestBodyBytes + (over === 0 ? 1 : over);
    const head = `{"model":${JSON.stringify(t.model)},"max_tokens":2,"${endpoint === 'chat' ? 'user' : 'prompt'}":"`;
    const tail = endpoint === 'chat' ? '","messages":[{"role":"user","content":"Hi"}]}' : '"}';
    const body = head + 'a'.repeat(size - head.length - tail.length) + tail;
    return {
      request: { path: PATHS[endpoint], body, contentType: 'application/json', framing: chunked ? 'chunked' : 'content-length' },
      expect: size > t.maxRequestBodyBytes ? { endpoint, statuses: [413], status: 413 } : { endpoint, params: ['prompt'] },
    };
  });

/** Small JSON schemas, supported or not, recursive or not, satisfiable or not. */
const schemaArb = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<unknown>({}, true, false, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }, { type: [] }, { type: 'text' }, { $ref: '#' }, { $ref: '#/$defs/a' }, { $ref: '#/$defs/none' }, { pattern: 'a+' }, { enum: [] }),
    fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string({ maxLength: 4 }), tie('schema'), { maxKeys: 3 }), required: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), additionalProperties: fc.oneof(fc.boolean(), tie('schema')) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('array'), items: tie('schema'), minItems: fc.integer({ min: -1, max: 4 }), maxItems: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: -1, max: 4 }), maxLength: fc.integer({ min: 0, max: 8 }) }, { requiredKeys: ['type'] }),
    fc.record({ anyOf: fc.array(tie('schema'), { maxLength: 3 }) }),
    fc.record({ enum: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }) }),
    fc.record({ const: fc.jsonValue({ maxDepth: 2 }) }),
  ),
})).schema;

/** A valid request held to a random JSON schema (with `$defs.a` to refer to): a 200 or a 400 naming response_format. */
export const schemaCase = (t: FuzzTarget): fc.Arbitrary<FuzzCase> =>
  fc.tuple(endpointArb, schemaArb, fc.option(schemaArb, { nil: undefined }), fc.boolean()).map(([endpoint, schema, a, stream]) => {
    const withDefs = a === undefined || typeof schema !== 'object' || schema === null ? schema : { ...schema, $defs: { a } };
    const body = { ...validBody(endpoint, t.model), max_tokens: 4, response_format: { type: 'json_schema', json_schema: { name: 'fuzz', schema: withDefs } }, ...(stream ? { stream } : {}) };
    return { request: { path: PATHS[endpoint], body: JSON.stringify(body), contentType: 'application/json' }, expect: { endpoint, params: ['response_format'] } };
  });
