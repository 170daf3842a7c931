import { GEN_AI, genAiRequestAttributes, genAiSpanName, genAiUsageAttributes } from './gen-ai.attributes';

describe('GenAI attributes', () => {
  it.each([
    [{ operation: 'chat' as const, model: 'tiny' }, 'chat tiny'],
    [{ operation: 'text_completion' as const, model: 'llama-3' }, 'text_completion llama-3'],
  ])('names the span {operation} {model}: %j', (request, name) => {
    expect(genAiSpanName(request)).toBe(name);
  });

  it('maps a request to the convention names, leaving out what the client did not set and a single choice', () => {
    expect(genAiRequestAttributes({ operation: 'chat', model: 'tiny', maxTokens: 16, temperature: 0, seed: 7, choiceCount: 1 })).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'tsukimi',
      'gen_ai.request.model': 'tiny',
      'gen_ai.request.max_tokens': 16,
      'gen_ai.request.temperature': 0,
      'gen_ai.request.top_p': undefined,
      'gen_ai.request.seed': 7,
      'gen_ai.request.choice.count': undefined,
    });
    expect(genAiRequestAttributes({ operation: 'text_completion', model: 'm', choiceCount: 3 })[GEN_AI.requestChoiceCount]).toBe(3);
  });

  it.each([
    [{ inputTokens: 40, outputTokens: 8, cachedInputTokens: 32, finishReasons: ['stop'] }, 40, 8, 32, ['stop']],
    [{ inputTokens: 5, outputTokens: 0, cachedInputTokens: 0, finishReasons: [] }, 5, 0, 0, undefined],
    [{ inputTokens: 5, outputTokens: 2, cachedInputTokens: 0 }, 5, 2, 0, undefined],
  ])('maps usage %j', (usage, input, output, cached, reasons) => {
    const attributes = genAiUsageAttributes(usage);
    expect(attributes['gen_ai.usage.input_tokens']).toBe(input);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(output);
    expect(attributes['gen_ai.usage.cache_read.input_tokens']).toBe(cached);
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(reasons);
  });
});
