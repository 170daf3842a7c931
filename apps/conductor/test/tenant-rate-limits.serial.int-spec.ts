import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';

/** Tenants and their limits; the budgets refill one request per 20 or 30 s and 1.25 tokens per second, far slower than these requests run. */
const LIMITS = {
  tenants: {
    rpm: { requestsPerMinute: 3 },
    tpm: { tokensPerMinute: 75 },
    solo: { maxConcurrent: 1 },
    shared: { requestsPerMinute: 2 },
  },
};
const MAX_TOKENS = 40;
/** Seconds of decoding on the tiny model, thousands of times what one short request's admission takes. */
const LONG_STREAM_TOKENS = 1500;
const TOKENS_PER_MINUTE = LIMITS.tenants.tpm.tokensPerMinute;
const REQUEST_HEADERS = ['x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'];

/**
 * Per-tenant limits at the conductor through the official client: two conductors over one decode
 * instance share their tenants' budgets through one Redis. Serial: the budgets refill with time,
 * and the assertions lean on a few requests finishing well within a refill.
 */
describe('tenant rate limits', () => {
  let redis: RedisServerProcess;
  let cluster: ClusterUnderTest;
  let beside: ServiceProcess;
  let dir: string;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-limits-'));
    const file = path.join(dir, 'limits.json');
    fs.writeFileSync(file, JSON.stringify(LIMITS));
    const limitArgs = ['--tenant-limits-file', file, '--redis-url', redis.url];
    cluster = await ClusterUnderTest.start({ prefill: 0, decode: 1, disaggregation: 'never', conductorArgs: limitArgs });
    beside = await cluster.conductorBeside('never', limitArgs);
  }, 120_000);

  afterAll(async () => {
    beside?.signal('SIGTERM');
    await Promise.all([beside?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const client = (tenant: string, conductor: ServiceProcess = cluster.conductor) =>
    new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000, defaultHeaders: { 'x-tsukimi-tenant': tenant } });
  const complete = (tenant: string, options: { maxTokens?: number; stop?: string; conductor?: ServiceProcess } = {}) =>
    client(tenant, options.conductor)
      .completions.create({ model: cluster.modelId, prompt: 'limits', max_tokens: options.maxTokens ?? 1, temperature: 0, ...(options.stop ? { stop: [options.stop] } : {}) })
      .withResponse();
  const refusal = async (call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.RateLimitError>> => {
    const error = await call.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    return error as InstanceType<typeof OpenAI.RateLimitError>;
  };

  it('refuses the request past a tenant\'s requests per minute with 429 rate_limit_exceeded, Retry-After and OpenAI\'s headers, which ok answers carry too', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { response } = await complete('rpm');
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^[0-9.]+(ms|s)$|^1m[0-9.]+s$/);
      remaining.push(response.headers.get('x-ratelimit-remaining-requests')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const error = await refusal(complete('rpm'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect(Number(error.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (const name of REQUEST_HEADERS) expect(error.headers.get(name)).not.toBeNull();
    expect(error.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    // Another tenant is not limited by it.
    expect((await complete('someone-else')).response.status).toBe(200);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_conductor_rate_limited_total{tenant="rpm",reason="requests"}')).toBe(1);
  }, 60_000);

  it('reserves prompt plus max tokens and gives back what a request did not use', async () => {
    // Greedy decoding: the first token's text, as a stop string, ends the request after one token.
    const probe = await complete('probe');
    const stop = probe.data.choices[0]!.text;
    expect(stop.length).toBeGreaterThan(0);

    const first = await complete('tpm', { maxTokens: MAX_TOKENS, stop });
    const promptTokens = first.data.usage!.prompt_tokens;
    const reserved = promptTokens + MAX_TOKENS;
    const used = promptTokens + first.data.usage!.completion_tokens;
    expect(first.data.usage!.completion_tokens).toBeLessThanOrEqual(1);
    // Had the first kept its whole reservation, a second of the same size would not fit, even after seconds of refill.
    expect(2 * reserved).toBeGreaterThan(TOKENS_PER_MINUTE + 5);
    expect(first.response.headers.get('x-ratelimit-remaining-tokens')).toBe(String(TOKENS_PER_MINUTE - reserved));

    const second = await complete('tpm', { maxTokens: MAX_TOKENS, stop });
    expect(second.response.status).toBe(200);
    // What the second's reservation left: at least the budget less what the first used (refill only adds).
    expect(Number(second.response.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThanOrEqual(TOKENS_PER_MINUTE - used - reserved);

    // Used tokens stay spent: a request asking for the whole minute's budget is refused on tokens.
    const error = await refusal(complete('tpm', { maxTokens: TOKENS_PER_MINUTE - promptTokens }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'tokens' });
    expect(error.headers.get('x-ratelimit-limit-tokens')).toBe(String(TOKENS_PER_MINUTE));
  }, 60_000);

  it('refuses a second concurrent stream of a tenant capped at one, and admits the next once the first has ended', async () => {
    // Long enough that the first is still generating when the second arrives: the refusal itself shows it held its slot.
    const long = { model: cluster.modelId, prompt: 'concurrency', max_tokens: LONG_STREAM_TOKENS, temperature: 0, stream: true as const, ignore_eos: true };
    const stream = await client('solo').completions.create(long);
    const chunks = stream[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false);

    const error = await refusal(complete('solo'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect(error.message).toContain('requests in flight');

    while (!(await chunks.next()).done);
    expect((await complete('solo')).response.status).toBe(200);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_conductor_rate_limited_total{tenant="solo",reason="concurrency"}')).toBe(1);
  }, 60_000);

  it('shares one tenant\'s budget between two conductors over one Redis', async () => {
    const answered = [];
    for (const conductor of [cluster.conductor, beside]) answered.push((await complete('shared', { conductor })).response.status);
    expect(answered).toEqual([200, 200]);
    await refusal(complete('shared', { conductor: cluster.conductor }));
    await refusal(complete('shared', { conductor: beside }));
    expect(await cluster.metric(beside, 'tsukimi_conductor_rate_limited_total{tenant="shared",reason="requests"}')).toBe(1);
  }, 60_000);

  it('serves requests unchecked while Redis is unreachable, and counts them', async () => {
    await redis.stop();
    for (let i = 0; i < 2; i += 1) expect((await complete('shared')).response.status).toBe(200);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_conductor_rate_limit_unchecked_total')).toBe(2);
  }, 60_000);
});
