import OpenAI, { APIError } from 'openai';
import { httpGet, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** Each refused request must answer within this, far above the milliseconds a refusal takes. */
const ANSWER_BOUND_MS = 5_000;

type WithTokenIds<T> = T & { token_ids?: number[] };

describe('every instance gone, then back', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  const replacements: ServiceProcess[] = [];

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    for (const service of replacements) service.signal('SIGTERM');
    await Promise.all(replacements.map((service) => service.waitForExit(20_000).catch(() => undefined)));
    await cluster?.stop();
  }, 60_000);

  it('answers 503 with Retry-After while none is up, and serves the same tokens once they are back', async () => {
    const body = { model: cluster.modelId, prompt: text(100, 21), max_tokens: 12, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming;
    const tokensOf = (completion: OpenAI.Completion) => (completion.choices[0] as WithTokenIds<OpenAI.CompletionChoice>).token_ids;
    const before = tokensOf(await client.completions.create(body));
    expect(before).toHaveLength(12);

    const [prefill, decode] = [cluster.prefill[0]!, cluster.decode[0]!];
    prefill.kill();
    decode.kill();
    await Promise.all([prefill.waitForExit(10_000), decode.waitForExit(10_000)]);
    await cluster.waitForRoutable({ prefill: 0, decode: 0 }, 10_000);
    const readyz = await httpGet(cluster.conductor.httpPort, '/readyz');
    expect(readyz.status).toBe(503);
    expect(JSON.parse(readyz.body)).toMatchObject({ status: 'not ready' });

    const refused503 = `tsukimi_conductor_requests_total{model="${cluster.modelId}",status_code="503"}`;
    const refusedBefore = await cluster.metric(cluster.conductor, refused503);
    // A client that gives up after the bound: a hang shows as a connection timeout, not as a 503.
    const impatient = client.withOptions({ timeout: ANSWER_BOUND_MS });
    const refusals = [
      () => impatient.completions.create(body),
      () => impatient.completions.create({ ...body, stream: true }),
      () => impatient.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: text(40, 22) }], max_tokens: 4, temperature: 0 }),
      () => impatient.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: text(40, 22) }], max_tokens: 4, temperature: 0, stream: true }),
    ];
    for (const refused of refusals) {
      const failure = await refused().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(APIError);
      const error = failure as APIError;
      expect(error.status).toBe(503);
      expect(Number(error.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(error.error).toMatchObject({ type: 'server_error', code: 'service_unavailable', message: expect.stringMatching(/no prefill instance/) });
    }
    expect(await cluster.metric(cluster.conductor, refused503)).toBe(refusedBefore + refusals.length);

    replacements.push(...(await Promise.all([cluster.instanceInPlace('prefill', prefill, 'prefill-0'), cluster.instanceInPlace('decode', decode, 'decode-0')])));
    await cluster.waitForRoutable({ prefill: 1, decode: 1 }, 20_000);
    expect((await httpGet(cluster.conductor.httpPort, '/readyz')).status).toBe(200);
    const after = await client.completions.create(body).withResponse();
    expect(after.response.status).toBe(200);
    expect(tokensOf(after.data)).toEqual(before);
    const chat = await client.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: text(40, 22) }], max_tokens: 4, temperature: 0 });
    expect(chat.choices[0]!.message.content?.length).toBeGreaterThan(0);
  }, 90_000);
});
