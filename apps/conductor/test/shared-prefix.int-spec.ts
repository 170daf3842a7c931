import * as fs from 'node:fs';
import * as path from 'node:path';
import OpenAI from 'openai';
import { cacheSalt, hashApiKey, sharedPrefixSalt } from '@tsukimi/conductor';
import { httpGet, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

const KEYS = { amy: 'tsk-amy-key', ben: 'tsk-ben-key', otto: 'tsk-otto-key' };
const SECRET = 'a-cache-salt-secret-of-at-least-32-bytes';
/** The prefill engine's default block size: only whole blocks are cached. */
const BLOCK_TOKENS = 16;
/** 203 bytes, so the prefix ends inside its 13th block: 12 whole blocks (192 tokens) are the group's. */
const SHARED = promptText(203, 91);
const SHARED_BLOCK_TOKENS = Math.floor(SHARED.length / BLOCK_TOKENS) * BLOCK_TOKENS;
const SYSTEM = `You are the support assistant. ${promptText(120, 92)}`;

interface Usage {
  readonly prompt_tokens_details: { readonly cached_tokens: number };
  readonly tsukimi?: { readonly salt_scopes?: { shared_prefix_tokens: number; group_cached_tokens: number; tenant_cached_tokens: number } };
}

/**
 * Two tenants in one group with a declared shared prefix, and one outside it, through a real
 * conductor and the official client: the second member reuses the first's shared blocks and
 * nothing of its private text after them; the outsider reuses nothing.
 */
describe('shared prefixes of a tenant group', () => {
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  let baseURL: string;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    const keysFile = path.join(cluster.dir, 'keys.json');
    const keys = Object.entries(KEYS).map(([tenant, key]) => ({ hash: hashApiKey(key), tenant, seeRouting: true }));
    const tenantGroups = [{ name: 'support', tenants: ['amy', 'ben'], sharedPrefixes: [{ text: SHARED }, { system: SYSTEM }] }];
    fs.writeFileSync(keysFile, JSON.stringify({ keys, tenantGroups }));
    const secretFile = path.join(cluster.dir, 'salt-secret');
    fs.writeFileSync(secretFile, `${SECRET}\n`);
    conductor = await cluster.conductorBeside('always', ['--api-keys-file', keysFile, '--cache-salt-secret-file', secretFile]);
    baseURL = `http://127.0.0.1:${conductor.httpPort}/v1`;
  }, 120_000);

  afterAll(async () => {
    conductor?.signal('SIGTERM');
    await conductor?.waitForExit(20_000).catch(() => undefined);
    await cluster?.stop();
  }, 60_000);

  const client = (key: string) => new OpenAI({ baseURL, apiKey: key, maxRetries: 0, timeout: 60_000 });
  const complete = async (key: string, prompt: string): Promise<Usage> => {
    const data = await client(key).completions.create({ model: cluster.modelId, prompt, max_tokens: 2, temperature: 0 });
    return data.usage as unknown as Usage;
  };
  const chat = async (key: string, user: string): Promise<Usage> => {
    const data = await client(key).chat.completions.create({ model: cluster.modelId, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }], max_tokens: 2, temperature: 0 });
    return data.usage as unknown as Usage;
  };

  it('gives the second member the shared prefix\'s whole blocks, none of the first member\'s private text after it, and an outsider nothing', async () => {
    const prompt = `${SHARED}${promptText(160, 93)}`;
    const amy = await complete(KEYS.amy, prompt);
    expect(amy.prompt_tokens_details.cached_tokens).toBe(0);
    expect(amy.tsukimi?.salt_scopes).toEqual({ shared_prefix_tokens: SHARED.length, group_cached_tokens: 0, tenant_cached_tokens: 0 });

    // The same text after the prefix: were any of its blocks keyed under the group's salt, ben would reuse them.
    const ben = await complete(KEYS.ben, prompt);
    expect(ben.prompt_tokens_details.cached_tokens).toBe(SHARED_BLOCK_TOKENS);
    expect(ben.tsukimi?.salt_scopes).toEqual({ shared_prefix_tokens: SHARED.length, group_cached_tokens: SHARED_BLOCK_TOKENS, tenant_cached_tokens: 0 });

    const otto = await complete(KEYS.otto, prompt);
    expect(otto.prompt_tokens_details.cached_tokens).toBe(0);
    expect(otto.tsukimi?.salt_scopes).toBeUndefined();

    // Amy's own private blocks are still hers to reuse: the whole prompt but its partial last block.
    const again = await complete(KEYS.amy, prompt);
    expect(again.prompt_tokens_details.cached_tokens).toBe(Math.floor(prompt.length / BLOCK_TOKENS) * BLOCK_TOKENS);
    expect(again.tsukimi?.salt_scopes).toMatchObject({ group_cached_tokens: SHARED_BLOCK_TOKENS, tenant_cached_tokens: again.prompt_tokens_details.cached_tokens - SHARED_BLOCK_TOKENS });
  });

  it('shares a declared system prompt between members\' chats, up to the first user turn', async () => {
    const amy = await chat(KEYS.amy, `Where is my order? ${promptText(40, 94)}`);
    const shared = amy.tsukimi!.salt_scopes!.shared_prefix_tokens;
    expect(shared).toBeGreaterThan(SYSTEM.length);
    const ben = await chat(KEYS.ben, `Something else entirely. ${promptText(40, 95)}`);
    expect(ben.prompt_tokens_details.cached_tokens).toBe(Math.floor(shared / BLOCK_TOKENS) * BLOCK_TOKENS);
    expect((await chat(KEYS.otto, `Where is my order? ${promptText(40, 94)}`)).prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('counts the group\'s reused tokens apart from the tenants\' own in its metrics', async () => {
    const metrics = (await httpGet(conductor.httpPort, '/metrics')).body;
    const series = (source: string) => Number(new RegExp(`^tsukimi_conductor_cached_tokens_by_scope_total\\{[^}]*source="${source}"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    expect(series('group')).toBeGreaterThanOrEqual(2 * SHARED_BLOCK_TOKENS);
    expect(series('tenant')).toBeGreaterThan(0);
  });

  it('logs neither the group\'s salt, nor a member\'s, nor the shared prefix, in any service', () => {
    const salts = [sharedPrefixSalt(Buffer.from(SECRET), 'support'), ...Object.keys(KEYS).map((tenant) => cacheSalt(Buffer.from(SECRET), { tenant }))];
    for (const service of [conductor, ...cluster.prefill, ...cluster.decode]) {
      const transcript = service.transcript();
      for (const secret of [...salts, SHARED, SYSTEM]) expect(transcript).not.toContain(secret);
    }
  });
});
