import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { keyedConductorSuite } from './keyed-conductor.suite';
import { promptText } from './prompt-text';

const KEY = 'tsk-messages-key';
const STOP: Record<string, string> = { stop: 'end_turn', length: 'max_tokens' };

/**
 * Anthropic's Messages API on a conductor with API keys, over one prefill and one decode
 * instance and a pool, through the official `@anthropic-ai/sdk` client: the same answers as the
 * chat endpoint, Anthropic's prompt-cache usage, and its errors.
 */
describe('Anthropic Messages API at the conductor', () => {
  const suite = keyedConductorSuite([{ key: KEY, tenant: 'messages', seeRouting: true }]);
  const anthropic = (apiKey = KEY) => new Anthropic({ baseURL: suite.origin, apiKey, maxRetries: 0, timeout: 60_000 });
  const openai = () => new OpenAI({ baseURL: `${suite.origin}/v1`, apiKey: KEY, maxRetries: 0, timeout: 60_000 });
  const model = () => suite.cluster.modelId;

  it('answers, streamed and not, with the chat endpoint\'s text for the same conversation, and ends at a stop sequence', async () => {
    const system = 'You answer in one line.';
    const question = promptText(40, 91);
    const chat = await openai().chat.completions.create({ model: model(), max_tokens: 12, temperature: 0, messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
    const ask = { model: model(), max_tokens: 12, temperature: 0, system, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: question }] }] };

    const message = await anthropic().messages.create(ask);
    const texts: string[] = [];
    const streamed = await anthropic().messages.stream(ask).on('text', (text) => texts.push(text)).finalMessage();

    const choice = chat.choices[0]!;
    for (const answer of [message, streamed]) {
      expect(answer).toMatchObject({ type: 'message', role: 'assistant', model: model(), content: [{ type: 'text', text: choice.message.content }], stop_reason: STOP[choice.finish_reason], stop_sequence: null });
      expect(answer.id).toMatch(/^msg_/);
      const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = answer.usage;
      expect(input_tokens + cache_creation_input_tokens! + cache_read_input_tokens!).toBe(chat.usage!.prompt_tokens);
      expect(cache_creation_input_tokens).toBe(0);
      expect(output_tokens).toBe(chat.usage!.completion_tokens);
    }
    expect(texts.join('')).toBe(choice.message.content);

    // A stop sequence the greedy answer reaches: a character of it first seen past its start.
    const text = choice.message.content!;
    const at = [...text].findIndex((c, i) => i > 0 && c >= ' ' && c <= '~' && text.indexOf(c) === i);
    expect(at).toBeGreaterThan(0);
    const stopped = await anthropic().messages.create({ ...ask, stop_sequences: [text[at]!] });
    expect(stopped).toMatchObject({ content: [{ type: 'text', text: text.slice(0, at) }], stop_reason: 'stop_sequence', stop_sequence: text[at] });
  });

  it('writes a long system prompt marked with cache_control on the first request and reads it on the next', async () => {
    const system = [{ type: 'text' as const, text: promptText(600, 92), cache_control: { type: 'ephemeral' as const, ttl: '5m' as const } }];
    const ask = (question: string) => anthropic().messages.create({ model: model(), max_tokens: 2, system, messages: [{ role: 'user', content: question }] });

    const first = (await ask('First question?')).usage;
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(500);
    expect(first.cache_creation_input_tokens).toBeLessThanOrEqual(620);
    expect(first.cache_creation).toEqual({ ephemeral_5m_input_tokens: first.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 });

    const second = (await ask('Second question?')).usage;
    expect(second.cache_read_input_tokens).toBeGreaterThanOrEqual(first.cache_creation_input_tokens!);
    expect(second.cache_creation_input_tokens).toBe(0);
    const reused = (second as unknown as { tsukimi: { reused_tokens: Record<'device' | 'dram' | 'ssd', number> } }).tsukimi.reused_tokens;
    expect(reused.device + reused.dram + reused.ssd).toBe(second.cache_read_input_tokens);
    // The parts add up to the prompt both times, the second question one byte longer.
    expect(second.input_tokens + second.cache_read_input_tokens!).toBe(first.input_tokens + first.cache_creation_input_tokens! + 1);
  });

  it('refuses a bad request with the client\'s BadRequestError naming the field', async () => {
    const failure = await anthropic().messages
      .create({ model: model(), max_tokens: 4, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '10m' as '5m' } }] }] })
      .then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as APIError).error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: "messages.0.content.0.cache_control.ttl: Input should be '5m' or '1h'" } });
  });

  it('answers a missing or unknown key with 401 authentication_error', async () => {
    const missing = await fetch(`${suite.origin}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });

    const failure = await anthropic('tsk-not-a-key').messages.create({ model: model(), max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((failure as APIError).error).toMatchObject({ error: { type: 'authentication_error' } });
    expect((failure as Error).message).not.toContain('tsk-not-a-key');
  });
});
