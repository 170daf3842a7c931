import { parseChatCompletionRequest } from './chat-request.parser';
import { buildGenerationParams } from './generation-params.builder';

const settled = { maxTokens: 10, seed: 7 };
const build = (extra: Record<string, unknown>) => {
  const parsed = parseChatCompletionRequest({ model: 'tiny', messages: [{ role: 'user', content: 'x' }], ...extra });
  if (!parsed.ok) throw new Error(parsed.error.body.error.message);
  return buildGenerationParams(parsed.value, settled);
};

describe('buildGenerationParams', () => {
  it('leaves every control at its default out, with the settled budget and seed', () => {
    expect(build({ temperature: 0.5 })).toEqual({
      ok: true,
      value: { maxTokens: 10, sampling: { temperature: 0.5, topP: 1, topK: 0, seed: 7 }, stop: [], ignoreEos: false },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['min_tokens', { min_tokens: 3 }, { minTokens: 3 }],
    ['stop_token_ids', { stop_token_ids: [257] }, { stopTokenIds: [257] }],
    ['logit_bias', { logit_bias: { '9': 5 } }, { logitBias: [[9, 5]] }],
    ['penalties', { presence_penalty: 1, frequency_penalty: -1, repetition_penalty: 1.2 }, { presencePenalty: 1, frequencyPenalty: -1, repetitionPenalty: 1.2 }],
    ['logprobs', { logprobs: true, top_logprobs: 4 }, { logprobs: 4 }],
    ['json_object', { response_format: { type: 'json_object' } }, { constraint: { kind: 'json-object' } }],
    [
      'json_schema',
      { response_format: { type: 'json_schema', json_schema: { name: 'p', schema: { type: 'object', properties: { x: { type: 'integer' } } } } } },
      { constraint: { kind: 'json-schema', name: 'p', schema: { type: 'object', properties: { x: { type: 'integer' } } } } },
    ],
  ])('carries %s', (_name, extra, expected) => {
    const built = build(extra);
    expect(built.ok && built.value).toMatchObject(expected);
  });

  it('refuses a schema keyword the engine cannot enforce, naming it', () => {
    const built = build({ response_format: { type: 'json_schema', json_schema: { name: 'p', schema: { type: 'string', pattern: '^a+$' } } } });
    expect(!built.ok && built.error.body.error).toMatchObject({ param: 'response_format.json_schema.schema', code: 'unsupported_value' });
    expect(!built.ok && built.error.body.error.message).toContain("'pattern'");
  });
});
