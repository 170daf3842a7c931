import { parseChatCompletionRequest } from './chat-request.parser';
import { parseCompletionRequest } from './completion-request.parser';
import { nestsDeeperThan } from './json.reader';
import { MAX_SCHEMA_DEPTH } from './response-format.reader';

/** Nesting far deeper than JSON.stringify's recursion survives. */
const DEPTH = 200_000;
const deepArray = (): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < DEPTH; i++) value = [value];
  return value;
};
const deepObject = (): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < DEPTH; i++) value = { a: value };
  return value;
};
const huge = 'x'.repeat(100_000);
const messages = [{ role: 'user', content: 'Hi' }];

describe('hostile request bodies', () => {
  it.each<[string, () => ReturnType<typeof parseChatCompletionRequest | typeof parseCompletionRequest>, string, string]>([
    ['a deeply nested chat tool_choice', () => parseChatCompletionRequest({ model: 'm', messages, tool_choice: deepArray() }), 'tool_choice', 'an array'],
    ['a deeply nested chat function_call', () => parseChatCompletionRequest({ model: 'm', messages, function_call: deepObject() }), 'function_call', 'an object'],
    ['a deeply nested token in a prompt batch', () => parseCompletionRequest({ model: 'm', prompt: [[1, deepArray()]] }), 'prompt', 'an array'],
  ])('answers %s with a 400 naming the field, quoting the value by its kind', (_name, parse, param, kind) => {
    const parsed = parse();
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.body.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(parsed.error.body.error.message).toContain(kind);
  });

  it.each<[string, () => ReturnType<typeof parseChatCompletionRequest | typeof parseCompletionRequest>, string]>([
    ['a long unknown role', () => parseChatCompletionRequest({ model: 'm', messages: [{ role: huge, content: 'x' }] }), 'messages[0].role'],
    ['a long content part type', () => parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: huge }] }] }), 'messages[0].content[0].type'],
    ['a long tool_choice', () => parseChatCompletionRequest({ model: 'm', messages, tool_choice: huge }), 'tool_choice'],
    ['a long suffix', () => parseCompletionRequest({ model: 'm', prompt: 'x', suffix: huge }), 'suffix'],
    ['a long logit_bias key', () => parseCompletionRequest({ model: 'm', prompt: 'x', logit_bias: { [huge]: 1 } }), 'logit_bias'],
    ['a long response_format type', () => parseCompletionRequest({ model: 'm', prompt: 'x', response_format: { type: huge } }), 'response_format.type'],
    [
      'a long json_schema name',
      () => parseCompletionRequest({ model: 'm', prompt: 'x', response_format: { type: 'json_schema', json_schema: { name: huge, schema: {} } } }),
      'response_format.json_schema.name',
    ],
  ])('quotes %s clipped, not whole', (_name, parse, param) => {
    const parsed = parse();
    expect(!parsed.ok && parsed.error.body.error.param).toBe(param);
    expect(!parsed.ok && parsed.error.body.error.message.length).toBeLessThan(400);
    expect(!parsed.ok && parsed.error.body.error.message).toContain('x'.repeat(40));
  });

  it.each([5e-324, 1e-40, 2 ** -126])('raises a top_p of %p, which a 32-bit float would carry as 0, to the smallest normal float', (topP) => {
    const parsed = parseCompletionRequest({ model: 'm', prompt: 'x', top_p: topP });
    expect(parsed.ok && parsed.value.sampling.topP).toBe(2 ** -126);
    expect(parsed.ok && Math.fround(parsed.value.sampling.topP)).toBeGreaterThan(0);
  });

  it('keeps a top_p a 32-bit float carries', () => {
    const parsed = parseCompletionRequest({ model: 'm', prompt: 'x', top_p: 1e-30 });
    expect(parsed.ok && parsed.value.sampling.topP).toBe(1e-30);
  });

  const schemaOfDepth = (depth: number): unknown => {
    let schema: Record<string, unknown> = { type: 'integer' };
    for (let level = 1; level < depth; level++) schema = { type: 'array', items: schema };
    return schema;
  };
  const withSchema = (schema: unknown) => parseCompletionRequest({ model: 'm', prompt: 'x', response_format: { type: 'json_schema', json_schema: { name: 'deep', schema } } });

  it.each([
    ['as deep as allowed', MAX_SCHEMA_DEPTH, true],
    ['one level deeper', MAX_SCHEMA_DEPTH + 1, false],
    ['nested as deep as a body allows', DEPTH, false],
  ])('holds a response_format schema %s', (_name, depth, accepted) => {
    const parsed = withSchema(schemaOfDepth(depth));
    expect(parsed.ok).toBe(accepted);
    if (!parsed.ok) expect(parsed.error.body.error).toMatchObject({ param: 'response_format.json_schema.schema', code: 'invalid_value' });
  });

  it.each<[unknown, number, boolean]>([
    [1, 0, false],
    [[], 0, true],
    [[], 1, false],
    [{ a: [1, { b: 2 }] }, 2, true],
    [{ a: [1, { b: 2 }] }, 3, false],
    [deepArray(), 1000, true],
  ])('measures nesting without recursion: %#', (value, maxDepth, deeper) => {
    expect(nestsDeeperThan(value, maxDepth)).toBe(deeper);
  });
});
