import fc from 'fast-check';
import { httpGet } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { arbitraryJsonCase, type FuzzCase, type FuzzTarget, knownFieldsCase, oneFieldCase } from './openai-fuzz.arbitraries';
import { deepCase, rawTextCase, schemaCase, sizeBoundCase, unicodeCase, wireBytesCase } from './openai-fuzz.wire.arbitraries';
import { judgeReply } from './openai-reply.oracle';
import { RawHttpClient, replyToUnfinishedBody } from './raw-http.client';

/** Fixed so that a failure reproduces; TSUKIMI_FUZZ_SEED explores others. */
const SEED = Number(process.env.TSUKIMI_FUZZ_SEED ?? '20261206');
/** Requests in flight at once: each property case is a batch of this many. */
const CONCURRENCY = 4;
const BODY_LIMIT_BYTES = 64 * 1024;
const LIMITS = ['--max-request-body-bytes', '64KiB', '--max-messages', '16', '--max-stop-sequence-chars', '64', '--max-logit-bias-entries', '32', '--max-completion-tokens', '4'];

const SUITES: readonly [string, (t: FuzzTarget) => fc.Arbitrary<FuzzCase>, number][] = [
  ['arbitrary JSON values as bodies', () => arbitraryJsonCase(), 2400],
  ['bodies of known fields with hostile values', knownFieldsCase, 2400],
  ['valid requests with one field made hostile', oneFieldCase, 2000],
  ['random JSON schemas in response_format', schemaCase, 400],
  ['any characters in prompts, messages, names and stop strings', unicodeCase, 400],
  ['raw control characters and quotes inside JSON strings', rawTextCase, 200],
  ['deeply nested JSON', deepCase, 800],
  ['bytes that are not UTF-8 or not JSON, under any content type', wireBytesCase, 1200],
  ['bodies just over and just under the size bound', sizeBoundCase, 400],
];

describe(`OpenAI endpoints under hostile input (fast-check seed ${SEED})`, () => {
  let cluster: ClusterUnderTest;
  let client: RawHttpClient;
  let target: FuzzTarget;
  let pid: number | undefined;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 0, decode: 1, disaggregation: 'never', conductorArgs: LIMITS });
    client = new RawHttpClient(cluster.conductor.httpPort, CONCURRENCY);
    target = { model: cluster.modelId, maxRequestBodyBytes: BODY_LIMIT_BYTES };
    pid = cluster.conductor.child.pid;
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await cluster?.stop();
  }, 60_000);

  it.each(SUITES)('%s: never a 5xx, every 4xx OpenAI error JSON naming the field at fault, every 200 a completion', async (_name, arbitrary, cases) => {
    const batch = fc.array(arbitrary(target), { minLength: CONCURRENCY, maxLength: CONCURRENCY });
    const property = fc.asyncProperty(batch, async (fuzzCases) => {
      const replies = await Promise.all(fuzzCases.map((c) => client.post(c.request)));
      for (const [i, reply] of replies.entries()) {
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        const wrong = judgeReply(reply, fuzzCases[i]!.expect);
        if (wrong !== undefined) throw new Error(`POST ${fuzzCases[i]!.request.path} (seed ${SEED}): ${wrong}`);
      }
    });
    await fc.assert(property, { seed: SEED, numRuns: cases / CONCURRENCY });
  }, 180_000);

  it.each<[string, number | undefined]>([
    ['a content-length over the bound', 1024 * 1024 * 1024],
    ['a chunked body, once it passes the bound', undefined],
  ])('answers %s with 413 in OpenAI error JSON before the body is read in full', async (_name, declaredBytes) => {
    const sent = declaredBytes === undefined ? BODY_LIMIT_BYTES + 1 : 1024;
    const reply = await replyToUnfinishedBody(cluster.conductor.httpPort, '/v1/completions', sent, declaredBytes);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: null } });
  });

  it('ran every case and lived: at least 10,000 requests answered, the same conductor process, /healthz 200', async () => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
    for (const status of [200, 400, 404, 413, 415]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect(cluster.conductor.child.exitCode).toBeNull();
    expect(cluster.conductor.child.pid).toBe(pid);
    expect((await httpGet(cluster.conductor.httpPort, '/healthz')).status).toBe(200);
  });
});
