import * as fs from 'node:fs';
import * as path from 'node:path';
import OpenAI from 'openai';
import { cacheSalt, hashApiKey } from '@tsukimi/conductor';
import { httpGet, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

const SECRET = 'a-cache-salt-secret-of-at-least-32-bytes';
const KEYS = { alice: 'tsk-alice-key', bob: 'tsk-bob-key', carol: 'tsk-carol-key', dave: 'tsk-dave-key', erin: 'tsk-erin-key' };

interface Usage {
  readonly prompt_tokens_details: { readonly cached_tokens: number };
  readonly tsukimi?: { readonly reused_tokens: { device: number; dram: number; ssd: number } };
}

/**
 * A conductor with API keys beside an unauthenticated one, over one prefill and one decode
 * instance and a pool: the key decides the tenant, tenants reuse only their own (or their
 * group's) blocks, and only keys allowed to see routing get provenance.
 */
describe('API keys at the conductor', () => {
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  let baseURL: string;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    const keysFile = path.join(cluster.dir, 'keys.yaml');
    const entry = (tenant: keyof typeof KEYS, extra: string) => `  - {hash: ${hashApiKey(KEYS[tenant])}, tenant: ${tenant}${extra}}`;
    fs.writeFileSync(
      keysFile,
      ['keys:', entry('alice', ', seeRouting: true'), entry('bob', ', seeRouting: true'), entry('carol', ', group: docs, seeRouting: true'), entry('dave', ', group: docs, seeRouting: true'), entry('erin', '')].join('\n'),
    );
    const secretFile = path.join(cluster.dir, 'salt-secret');
    fs.writeFileSync(secretFile, `${SECRET}\n`);
    conductor = await cluster.conductorBeside('always', ['--api-keys-file', keysFile, '--cache-salt-secret-file', secretFile, '--log-level', 'debug']);
    baseURL = `http://127.0.0.1:${conductor.httpPort}/v1`;
  }, 120_000);

  afterAll(async () => {
    conductor?.signal('SIGTERM');
    await conductor?.waitForExit(20_000).catch(() => undefined);
    await cluster?.stop();
  }, 60_000);

  const client = (key: string, headers: Record<string, string> = {}) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0, timeout: 60_000, defaultHeaders: headers });
  const complete = async (key: string, prompt: string, headers: Record<string, string> = {}) => {
    const { data, response } = await client(key, headers).completions.create({ model: cluster.modelId, prompt, max_tokens: 2, temperature: 0 }).withResponse();
    return { usage: data.usage as unknown as Usage, headers: response.headers };
  };
  const reused = (usage: Usage) => {
    const r = usage.tsukimi!.reused_tokens;
    return r.device + r.dram + r.ssd;
  };

  it.each([
    ['POST', '/v1/completions'],
    ['POST', '/v1/chat/completions'],
    ['GET', '/v1/models'],
  ])('answers %s %s without a key with 401 invalid_api_key in OpenAI\'s shape', async (method, route) => {
    const response = await fetch(`http://127.0.0.1:${conductor.httpPort}${route}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { type: 'invalid_request_error', code: 'invalid_api_key', param: null, message: expect.stringContaining('API key') } });
  });

  it('refuses an unknown key on every OpenAI endpoint through the official client, never repeating the key', async () => {
    const wrong = client('tsk-not-a-key');
    const calls = [
      () => wrong.completions.create({ model: cluster.modelId, prompt: 'hi', max_tokens: 1 }),
      () => wrong.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
      () => wrong.models.list(),
    ];
    for (const call of calls) {
      const error = (await call().then(() => undefined, (e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
      expect(error.message).not.toContain('tsk-not-a-key');
    }
  });

  it('keeps probes and metrics open', async () => {
    for (const route of ['/healthz', '/readyz', '/metrics']) expect((await httpGet(conductor.httpPort, route)).status).toBe(200);
  });

  it('serves a known key on every endpoint', async () => {
    const alice = client(KEYS.alice);
    expect((await alice.models.list()).data.map((m) => m.id)).toEqual([cluster.modelId]);
    const chat = await alice.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: 'hello' }], max_tokens: 2, temperature: 0 });
    expect(chat.choices[0]?.message.content).toEqual(expect.any(String));
  });

  it('gives a tenant sending another\'s exact prompt no cached tokens, whatever tenant header it sends, and the first tenant its own', async () => {
    const prompt = promptText(200, 71);
    const first = await complete(KEYS.alice, prompt);
    expect(reused(first.usage)).toBe(0);

    const other = await complete(KEYS.bob, prompt, { 'x-tsukimi-tenant': 'alice' });
    expect(other.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(reused(other.usage)).toBe(0);
    expect(other.headers.get('x-tsukimi-reused-tokens')).toBe('device=0,dram=0,ssd=0');

    const again = await complete(KEYS.alice, prompt);
    expect(again.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(reused(again.usage)).toBe(again.usage.prompt_tokens_details.cached_tokens);
  });

  it('lets tenants of one sharing group reuse each other\'s prefixes', async () => {
    const prompt = promptText(200, 72);
    const carol = await complete(KEYS.carol, prompt);
    expect(carol.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const dave = await complete(KEYS.dave, prompt);
    expect(dave.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(reused(dave.usage)).toBeGreaterThan(0);
  });

  it('tells a key without seeRouting nothing of instances or provenance, streamed or not', async () => {
    const erin = await complete(KEYS.erin, promptText(60, 73));
    expect(erin.usage.tsukimi).toBeUndefined();
    expect([...erin.headers.keys()].filter((name) => name.startsWith('x-tsukimi-'))).toEqual([]);
    expect(erin.headers.get('x-request-id')).toEqual(expect.any(String));
    const stream = await client(KEYS.erin).chat.completions.create({
      model: cluster.modelId, messages: [{ role: 'user', content: promptText(40, 75) }], max_tokens: 2, stream: true, stream_options: { include_usage: true },
    });
    const usages: unknown[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toEqual([expect.objectContaining({ prompt_tokens: expect.any(Number) })]);
    expect(usages[0]).not.toHaveProperty('tsukimi');
  });

  it('logs no key, salt or prompt of the requests it served', async () => {
    await complete(KEYS.alice, promptText(60, 74));
    const salts = ['alice', 'bob', 'erin'].map((tenant) => cacheSalt(Buffer.from(SECRET), { tenant })).concat(cacheSalt(Buffer.from(SECRET), { tenant: 'carol', group: 'docs' }));
    const secrets = [...Object.values(KEYS), ...Object.values(KEYS).map(hashApiKey), ...salts, SECRET, promptText(60, 74), promptText(200, 71)];
    for (const service of [conductor, ...cluster.prefill, ...cluster.decode]) {
      const transcript = service.transcript();
      for (const secret of secrets) expect(transcript).not.toContain(secret);
    }
  });
});
