import * as fs from 'node:fs';
import * as path from 'node:path';
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { hashApiKey } from '@tsukimi/conductor';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

const KEY = 'tsk-leases-key';
const TENANT = 'leases';

interface LeaseShown {
  readonly lease: string;
  readonly tokens: number;
  readonly blocks: number;
  readonly bytes: number;
  readonly held_blocks: number;
  readonly ttl_ms: number;
  readonly expires_at?: string;
}
interface Provenance {
  readonly prefill_instance: string;
  readonly reused_tokens: Record<'device' | 'dram' | 'ssd', number>;
  readonly prompt_cache?: readonly LeaseShown[];
}
const provenanceOf = (usage: object) => (usage as { tsukimi: Provenance }).tsukimi;

/**
 * Prompt-cache leases in the pool, through the official clients, on two prefill instances, one
 * decode instance and a pool: a system prompt of about 1.8k tokens (the tiny model's context is 2k) marked 5m is written once and read after,
 * outlives the prefill instance that computed it, a short lease expires (its blocks unpinned in the
 * pool), and a tenant over its quota is refused before any work, the quota shared by two conductors
 * through one Redis.
 */
describe('prompt-cache leases', () => {
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  let keysFile: string;
  let redis: RedisServerProcess | undefined;
  const extra: ServiceProcess[] = [];
  const origin = (c: ServiceProcess) => `http://127.0.0.1:${c.httpPort}`;
  const anthropic = (c = conductor) => new Anthropic({ baseURL: origin(c), apiKey: KEY, maxRetries: 0, timeout: 60_000 });
  const openai = (c = conductor) => new OpenAI({ baseURL: `${origin(c)}/v1`, apiKey: KEY, maxRetries: 0, timeout: 60_000 });
  const marked = (seed: number, ttl: '5m' | '1h' = '5m') => [{ type: 'text' as const, text: promptText(1_800, seed), cache_control: { type: 'ephemeral' as const, ttl } }];
  const ask = (system: ReturnType<typeof marked>, question: string, c = conductor) =>
    anthropic(c).messages.create({ model: cluster.modelId, max_tokens: 2, system, messages: [{ role: 'user', content: question }] });
  const leaseMetric = (outcome: string) => cluster.metric(conductor, `tsukimi_conductor_prompt_cache_leases_total{tenant="${TENANT}",outcome="${outcome}"}`);
  const softPinned = () => cluster.metric(cluster.kvpool, 'tsukimi_kvpool_soft_pinned_blocks');

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1 });
    keysFile = path.join(cluster.dir, 'keys.yaml');
    fs.writeFileSync(keysFile, `keys:\n  - {hash: ${hashApiKey(KEY)}, tenant: ${TENANT}, seeRouting: true}\n`);
    conductor = await cluster.conductorBeside('always', ['--api-keys-file', keysFile]);
  }, 120_000);
  afterAll(async () => {
    for (const c of [conductor, ...extra]) c?.signal('SIGTERM');
    await Promise.all([conductor, ...extra].map((c) => c?.waitForExit(20_000).catch(() => undefined)));
    await cluster?.stop();
    await redis?.stop();
  }, 60_000);

  let first: Anthropic.Message;

  it('writes a 1.8k-token system prompt marked 5m once, holds it in the pool, and reads it on the next request', async () => {
    first = await ask(marked(151), 'First question?');
    const lease = provenanceOf(first.usage).prompt_cache;
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1_700);
    expect(lease).toEqual([expect.objectContaining({ lease: 'created', tokens: first.usage.cache_creation_input_tokens, ttl_ms: 300_000 })]);
    expect(lease![0]!.held_blocks).toBe(lease![0]!.blocks);
    await cluster.waitForMetric(cluster.kvpool, 'tsukimi_kvpool_soft_pinned_blocks', (n) => n >= lease![0]!.blocks, 30_000);

    const second = await ask(marked(151), 'Second question?');
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThanOrEqual(first.usage.cache_creation_input_tokens!);
    expect(second.usage.input_tokens + second.usage.cache_read_input_tokens!).toBe(first.usage.input_tokens + first.usage.cache_creation_input_tokens! + 1);
    expect(provenanceOf(second.usage).prompt_cache).toEqual([expect.objectContaining({ lease: 'renewed', tokens: lease![0]!.tokens })]);
    expect(await leaseMetric('created')).toBe(1);
    expect(await leaseMetric('renewed')).toBe(1);
    expect(await cluster.metric(conductor, `tsukimi_conductor_prompt_cache_held_bytes{tenant="${TENANT}"}`)).toBe(lease![0]!.bytes);
  });

  it('refuses a tenant over its byte-seconds quota before any work, in each endpoint\'s error shape, the quota spent through one conductor refused at another sharing its Redis', async () => {
    // A quota of one and a half 5-minute leases of the 1.8k-token prompt.
    const bytes = provenanceOf(first.usage).prompt_cache![0]!.bytes;
    const quotaByteSeconds = Math.floor(bytes * 300 * 1.5);
    redis = await RedisServerProcess.start();
    const shared = ['--api-keys-file', keysFile, '--prompt-cache-quota-byte-seconds', String(quotaByteSeconds), '--redis-url', redis.url];
    const [quoted, rival] = await Promise.all([cluster.conductorBeside('always', shared), cluster.conductorBeside('always', shared)]);
    extra.push(quoted, rival);

    const pinnedBefore = await softPinned();
    const within = provenanceOf((await ask(marked(155), 'Within quota?', quoted)).usage).prompt_cache;
    expect(within).toEqual([expect.objectContaining({ lease: 'created' })]);
    // The pool counts its pins every few seconds: wait for this lease's, so the next test starts from a true count.
    await cluster.waitForMetric(cluster.kvpool, 'tsukimi_kvpool_soft_pinned_blocks', (n) => n >= pinnedBefore + within![0]!.held_blocks, 30_000);
    const over = await ask(marked(153), 'Over quota?', rival).then(() => undefined, (e: unknown) => e);
    expect(over).toBeInstanceOf(Anthropic.RateLimitError);
    expect((over as APIError).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('prompt-cache quota') } });
    expect(Number((over as APIError).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const never = await ask(marked(153, '1h'), 'Longer than the quota?', quoted).then(() => undefined, (e: unknown) => e);
    expect(never).toBeInstanceOf(Anthropic.BadRequestError);
    const chat = await openai(quoted)
      .chat.completions.create({ model: cluster.modelId, max_tokens: 2, messages: [{ role: 'user', content: promptText(1_800, 154) }], tsukimi: { prompt_cache: { ttl: '1h' } } } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .then(() => undefined, (e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    expect((chat as { code?: string }).code).toBe('prompt_cache_quota_exceeded');
    const refusals = (c: ServiceProcess) => cluster.metric(c, `tsukimi_conductor_prompt_cache_refusals_total{tenant="${TENANT}"}`);
    expect([await refusals(rival), await refusals(quoted)]).toEqual([1, 2]);
  });

  it('still reads it from the pool after the prefill instance that computed it has stopped', async () => {
    const computedOn = provenanceOf(first.usage).prefill_instance;
    const index = cluster.prefill.findIndex((_, i) => computedOn === `prefill-${i}`);
    expect(index).toBeGreaterThanOrEqual(0);
    const gone = cluster.prefill[index]!;
    gone.signal('SIGTERM');
    await gone.waitForExit(20_000);
    await cluster.waitForRoutable({ prefill: 1, decode: 1 }, 20_000, conductor);

    const after = await ask(marked(151), 'Third question?');
    const provenance = provenanceOf(after.usage);
    expect(provenance.prefill_instance).not.toBe(computedOn);
    expect(after.usage.cache_read_input_tokens).toBeGreaterThanOrEqual(first.usage.cache_creation_input_tokens!);
    expect(provenance.reused_tokens.dram + provenance.reused_tokens.ssd).toBeGreaterThanOrEqual(first.usage.cache_creation_input_tokens!);
    expect(provenance.prompt_cache).toEqual([expect.objectContaining({ lease: 'renewed' })]);
  });

  it('lets a short lease taken on the chat endpoint expire: counted, unpinned in the pool, and new again when asked for after', async () => {
    const pinnedBefore = await softPinned();
    const body = { model: cluster.modelId, max_tokens: 2, messages: [{ role: 'system' as const, content: promptText(800, 152) }, { role: 'user' as const, content: 'Hi?' }], tsukimi: { prompt_cache: { ttl: '2s' } } };
    const chat = await openai().chat.completions.create(body);
    const lease = (chat.usage as unknown as { tsukimi: Provenance }).tsukimi.prompt_cache!;
    expect(lease).toEqual([expect.objectContaining({ lease: 'created', ttl_ms: 2_000 })]);
    expect(lease[0]!.held_blocks).toBe(lease[0]!.blocks);

    await cluster.waitForMetric(conductor, `tsukimi_conductor_prompt_cache_expiries_total{tenant="${TENANT}"}`, (n) => n >= 1, 30_000);
    // The pool's count of soft-pinned blocks goes back to the 5m lease's alone: these blocks are evictable again.
    await cluster.waitForMetric(cluster.kvpool, 'tsukimi_kvpool_soft_pinned_blocks', (n) => n <= pinnedBefore, 30_000);
    const again = await openai().chat.completions.create(body);
    expect((again.usage as unknown as { tsukimi: Provenance }).tsukimi.prompt_cache).toEqual([expect.objectContaining({ lease: 'created' })]);
  });
});
