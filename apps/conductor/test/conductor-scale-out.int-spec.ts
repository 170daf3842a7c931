import OpenAI from 'openai';
import { connectClient, RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { type Provenance } from './provenance.client';

/** Requests a tenant may send per minute: a budget that refills one request per 15 s, far slower than these requests run. */
const REQUESTS_PER_MINUTE = 4;

/**
 * Two conductors over one cluster of two decode instances sharing one Redis: a session's turns
 * sent to each in turn run on one decode instance, a tenant's requests per minute hold across
 * both, and each counts the other in the roster that tenant fair shares divide the cluster by.
 * Round-robin placement, so that each conductor left to itself would send a session's turns elsewhere.
 */
describe('two conductors over one cluster', () => {
  let redis: RedisServerProcess;
  let cluster: ClusterUnderTest;
  let beside: ServiceProcess;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    const args = ['--redis-url', redis.url, '--decode-policy', 'round-robin', '--tenant-requests-per-minute', String(REQUESTS_PER_MINUTE)];
    cluster = await ClusterUnderTest.start({ prefill: 0, decode: 2, disaggregation: 'never', conductorArgs: args });
    beside = await cluster.conductorBeside('never', args);
  }, 120_000);

  afterAll(async () => {
    beside?.signal('SIGTERM');
    await Promise.all([beside?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
    await redis?.stop();
  }, 60_000);

  const complete = (conductor: ServiceProcess, tenant: string, prompt: string, session?: string) =>
    new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 }).completions.create(
      { model: cluster.modelId, prompt, max_tokens: 1, temperature: 0 },
      { headers: { 'x-tsukimi-tenant': tenant, ...(session ? { 'x-tsukimi-session': session } : {}) } },
    );
  const decodeOf = async (call: Promise<OpenAI.Completion>) => ((await call).usage as unknown as { tsukimi: Provenance }).tsukimi.decode_instance;

  it('runs a session\'s turns on one decode instance whichever conductor receives them', async () => {
    // The second conductor's round-robin turn moves on, so that left to itself it would place the session's next turn on the other instance.
    const primed = await decodeOf(complete(beside, 'warm', 'an unrelated request'));
    const first = await decodeOf(complete(cluster.conductor, 'chat', 'turn one', 'conversation-1'));
    expect(first).toMatch(/^decode-/);
    expect(first).toBe(primed);
    const turns: (string | null | undefined)[] = [];
    for (let turn = 2; turn <= 4; turn++) {
      const conductor = turn % 2 === 0 ? beside : cluster.conductor;
      turns.push(await decodeOf(complete(conductor, 'chat', `turn ${turn}, unrelated to the others`, 'conversation-1')));
    }
    expect(turns).toEqual([first, first, first]);
    // Without a session, the second conductor does spread requests over both instances.
    const spread = new Set([await decodeOf(complete(beside, 'warm', 'one')), await decodeOf(complete(beside, 'warm', 'two'))]);
    expect(spread.size).toBe(2);
  }, 60_000);

  it('holds a tenant to its requests per minute across both conductors', async () => {
    for (let i = 0; i < REQUESTS_PER_MINUTE; i++) await complete(i % 2 === 0 ? cluster.conductor : beside, 'burst', `request ${i}`);
    for (const conductor of [cluster.conductor, beside]) {
      await expect(complete(conductor, 'burst', 'one too many')).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    }
  }, 60_000);

  it('counts both conductors in the roster', async () => {
    const client = await connectClient(redis);
    const deadline = Date.now() + 10_000;
    while ((await client.zcard('tsukimi:rl:conductors')) !== 2) {
      if (Date.now() > deadline) throw new Error(`the roster never held both conductors: ${JSON.stringify(await client.zrange('tsukimi:rl:conductors', 0, -1))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.quit();
  }, 20_000);
});
