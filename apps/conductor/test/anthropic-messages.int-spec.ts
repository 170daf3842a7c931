import * as fs from 'node:fs';
import * as path from 'node:path';
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { hashApiKey } from '@tsukimi/conductor';
import { type ServiceProcess } from '@tsukimi/service-kit';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

const KEY = 'tsk-messages-key';
const STOP: Record<string, string> = { stop: 'end_turn', length: 'max_tokens' };

/**
 * Anthropic's Messages API on a conductor with API keys, over one prefill and one decode
 * instance and a pool, through the official `@anthropic-ai/sdk` client: the same answers as the
 * chat endpoint, Anthropic's prompt-cache usage, and its errors.
 */
describe('Anthropic Messages API at the conductor', () => {
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    const keysFile = path.join(cluster.dir, 'keys.yaml');
    fs.writeFileSync(keysFile, `keys:\n  - {hash: ${hashApiKey(KEY)}, tenant: messages}\n`);
    conductor = await cluster.conductorBeside('always', ['--api-keys-file', keysFile]);
    const base = `http://127.0.0.1:${conductor.httpPort}`;
    anthropic = new Anthropic({ baseURL: base, apiKey: KEY, maxRetries: 0, timeout: 60_000 });
    openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: KEY, maxRetries: 0, timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    conductor?.signal('SIGTERM');
    await conductor?.waitForExit(20_000).catch(() => undefined);
    await cluster?.stop();
  }, 60_000);

  it('answers, streamed and not, with the chat endpoint\'s text for the same conversation', async () => {
    const system = 'You answer in one line.';
    const question = promptText(40, 91);
    const chat = await openai.chat.completions.create({ model: cluster.modelId, max_tokens: 12, temperature: 0, messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
    const ask = { model: cluster.modelId, max_tokens: 12, temperature: 0, system, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: question }] }] };

    const message = await anthropic.messages.create(ask);
    const texts: string[] = [];
    const streamed = await anthropic.messages.stream(ask).on('text', (text) => texts.push(text)).finalMessage();

    const choice = chat.choices[0]!;
    for (const answer of [message, streamed]) {
      expect(answer).toMatchObject({ type: 'message', role: 'assistant', model: cluster.modelId, content: [{ type: 'text', text: choice.message.content }], stop_reason: STOP[choice.finish_reason], stop_sequence: null });
      expect(answer.id).toMatch(/^msg_/);
      const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = answer.usage;
      expect(input_tokens + cache_creation_input_tokens! + cache_read_input_tokens!).toBe(chat.usage!.prompt_tokens);
      expect(cache_creation_input_tokens).toBe(0);
      expect(output_tokens).toBe(chat.usage!.completion_tokens);
    }
    expect(texts.join('')).toBe(choice.message.content);
  });

  it('writes a long system prompt marked with cache_control on the first request and reads it on the next', async () => {
    const system = [{ type: 'text' as const, text: promptText(600, 92), cache_control: { type: 'ephemeral' as const, ttl: '5m' as const } }];
    const ask = (question: string) => anthropic.messages.create({ model: cluster.modelId, max_tokens: 2, system, messages: [{ role: 'user', content: question }] });

    const first = (await ask('First question?')).usage;
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(500);
    expect(first.cache_creation_input_tokens).toBeLessThanOrEqual(620);

    const second = (await ask('Second question?')).usage;
    expect(second.cache_read_input_tokens).toBeGreaterThanOrEqual(first.cache_creation_input_tokens!);
    expect(second.cache_creation_input_tokens).toBe(0);
    // The parts add up to the prompt both times, the second question one byte longer.
    expect(second.input_tokens + second.cache_read_input_tokens!).toBe(first.input_tokens + first.cache_creation_input_tokens! + 1);
  });

  it('refuses a bad request with the client\'s BadRequestError naming the field', async () => {
    const failure = await anthropic.messages
      .create({ model: cluster.modelId, max_tokens: 4, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '10m' as '5m' } }] }] })
      .then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as APIError).error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: "messages.0.content.0.cache_control.ttl: Input should be '5m' or '1h'" } });
  });

  it('answers a missing or unknown key with 401 authentication_error', async () => {
    const missing = await fetch(`http://127.0.0.1:${conductor.httpPort}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });

    const wrong = new Anthropic({ baseURL: `http://127.0.0.1:${conductor.httpPort}`, apiKey: 'tsk-not-a-key', maxRetries: 0 });
    const failure = await wrong.messages.create({ model: cluster.modelId, max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((failure as APIError).error).toMatchObject({ error: { type: 'authentication_error' } });
    expect((failure as Error).message).not.toContain('tsk-not-a-key');
  });
});
