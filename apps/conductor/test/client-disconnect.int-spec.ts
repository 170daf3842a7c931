import OpenAI from 'openai';
import { httpGet, sampleValue, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** The bound on how soon a disconnected request stops is 1 s; the rest is room for a loaded machine. */
const STOP_BOUND_MS = 3_000;
const LEASE_TTL_MS = 1_000;
const DECODE_STEPS = 'tsukimi_instance_step_seconds_count';

/** What an instance and the pool hold for running requests: each returns to its idle value once a request is gone. */
interface Holdings {
  readonly prefillActive: number;
  readonly decodeActive: number;
  readonly decodeQueued: number;
  readonly decodeKvUsedBlocks: number;
  readonly poolLeasedBlocks: number;
  readonly poolHardPinnedBlocks: number;
}

async function exposition(service: ServiceProcess): Promise<string> {
  return (await httpGet(service.httpPort, '/metrics')).body;
}

async function holdings(cluster: ClusterUnderTest): Promise<Holdings> {
  const [prefill, decode, pool] = await Promise.all([cluster.prefill[0]!, cluster.decode[0]!, cluster.kvpool].map(exposition));
  return {
    prefillActive: sampleValue(prefill!, 'tsukimi_instance_active_sequences{role="prefill"}') ?? 0,
    decodeActive: sampleValue(decode!, 'tsukimi_instance_active_sequences{role="decode"}') ?? 0,
    decodeQueued: sampleValue(decode!, 'tsukimi_instance_queue_depth{role="decode"}') ?? 0,
    decodeKvUsedBlocks: sampleValue(decode!, 'tsukimi_instance_kv_used_blocks{role="decode"}') ?? 0,
    poolLeasedBlocks: sampleValue(pool!, 'tsukimi_kvpool_leased_blocks') ?? 0,
    poolHardPinnedBlocks: sampleValue(pool!, 'tsukimi_kvpool_hard_pinned_blocks') ?? 0,
  };
}

const IDLE: Holdings = { prefillActive: 0, decodeActive: 0, decodeQueued: 0, decodeKvUsedBlocks: 0, poolLeasedBlocks: 0, poolHardPinnedBlocks: 0 };

/**
 * Polls until the decode instance holds no sequence and its step counter has not moved since the
 * read before; returns the time of that read after `fromMs` (an upper bound on when generation
 * stopped, as close as the polling allows) and the steps counted then.
 */
async function waitForDecodeStop(cluster: ClusterUnderTest, fromMs: number, timeoutMs = 10_000): Promise<{ stoppedAfterMs: number; steps: number }> {
  const deadline = fromMs + timeoutMs;
  let previous = await cluster.metric(cluster.decode[0]!, DECODE_STEPS);
  for (;;) {
    const readAtMs = performance.now();
    const [steps, active] = await Promise.all([cluster.metric(cluster.decode[0]!, DECODE_STEPS), cluster.metric(cluster.decode[0]!, 'tsukimi_instance_active_sequences{role="decode"}')]);
    if (active === 0 && steps === previous) return { stoppedAfterMs: readAtMs - fromMs, steps };
    if (performance.now() > deadline) throw new Error(`decode still generating ${timeoutMs} ms after the abort: ${active} sequences, ${steps} steps`);
    previous = steps;
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForIdle(cluster: ClusterUnderTest, timeoutMs = 10_000): Promise<Holdings> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const now = await holdings(cluster);
    if (JSON.stringify(now) === JSON.stringify(IDLE) || performance.now() > deadline) return now;
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

/** Requests the conductor finished as 499: the client went away first. */
function clientClosedSeries(cluster: ClusterUnderTest): string {
  return `tsukimi_conductor_requests_total{model="${cluster.modelId}",status_code="499"}`;
}

function dispatchedSeries(cluster: ClusterUnderTest): string {
  return `tsukimi_conductor_queue_wait_seconds_count{model="${cluster.modelId}"}`;
}

type Endpoint = 'completions' | 'chat';

function startStream(client: OpenAI, cluster: ClusterUnderTest, endpoint: Endpoint, prompt: string, maxTokens: number, signal: AbortSignal) {
  const shared = { model: cluster.modelId, max_tokens: maxTokens, temperature: 0, stream: true, ignore_eos: true };
  return endpoint === 'completions'
    ? client.completions.create({ ...shared, prompt } as OpenAI.CompletionCreateParamsStreaming, { signal })
    : client.chat.completions.create({ ...shared, messages: [{ role: 'user', content: prompt }] } as OpenAI.ChatCompletionCreateParamsStreaming, { signal });
}

describe('a client that disconnects mid-stream', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  const stopTimesMs: string[] = [];

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      // A read lease is not handed back: it lapses after its TTL, for every request alike. A short
      // one lets the pool's leased blocks return to 0 within the test's wait.
      kvpoolArgs: ['--dram-bytes', '64MiB', '--lease-ttl-ms', String(LEASE_TTL_MS)],
      // Prompts computed 16 tokens a pass: a long one keeps the prefill busy long enough to leave during it.
      prefillArgs: ['--prefill-chunk-tokens', '16'],
    });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    process.stdout.write(`client-disconnect stop times: ${stopTimesMs.join(', ')}\n`);
    await cluster?.stop();
  }, 60_000);

  it.each<Endpoint>(['completions', 'chat'])('%s, during decode: generation stops within the bound and every block and lease is released', async (endpoint) => {
    expect(await waitForIdle(cluster)).toEqual(IDLE);
    const closedBefore = await cluster.metric(cluster.conductor, clientClosedSeries(cluster));
    const controller = new AbortController();
    const stream = await startStream(client, cluster, endpoint, text(64, endpoint === 'chat' ? 2 : 1), 1900, controller.signal);
    const iterator = stream[Symbol.asyncIterator]();
    // The first token comes from prefill; by the fifth the decode instance is generating.
    for (let i = 0; i < 5; i++) expect((await iterator.next()).done).toBe(false);
    const busy = await holdings(cluster);
    expect(busy.decodeActive).toBe(1);
    expect(busy.decodeKvUsedBlocks).toBeGreaterThanOrEqual(4);
    const stepsAtAbort = await cluster.metric(cluster.decode[0]!, DECODE_STEPS);

    const abortedAtMs = performance.now();
    controller.abort();
    const stopped = await waitForDecodeStop(cluster, abortedAtMs);
    stopTimesMs.push(`${endpoint} decode ${stopped.stoppedAfterMs.toFixed(0)} ms`);
    expect(stopped.stoppedAfterMs).toBeLessThan(STOP_BOUND_MS);
    // Far short of the 1900 tokens asked for: the instance stopped, it did not run to max_tokens.
    expect(stopped.steps - stepsAtAbort).toBeLessThan(1_000);
    expect(await waitForIdle(cluster)).toEqual(IDLE);
    await cluster.waitForMetric(cluster.conductor, clientClosedSeries(cluster), (n) => n === closedBefore + 1);
    // Still generating afterwards, and nothing of the aborted request is left behind.
    const after = await client.completions.create({ model: cluster.modelId, prompt: text(40, 9), max_tokens: 4, temperature: 0 });
    expect(after.choices[0]!.finish_reason).toBe('length');
    expect(await waitForIdle(cluster)).toEqual(IDLE);
  }, 60_000);

  it.each<Endpoint>(['completions', 'chat'])('%s, during prefill (before the first token): decode never generates for it and every block and lease is released', async (endpoint) => {
    expect(await waitForIdle(cluster)).toEqual(IDLE);
    const [closedBefore, dispatchedBefore, stepsBefore, decodesBefore] = await Promise.all([
      cluster.metric(cluster.conductor, clientClosedSeries(cluster)),
      cluster.metric(cluster.conductor, dispatchedSeries(cluster)),
      cluster.metric(cluster.decode[0]!, DECODE_STEPS),
      cluster.metric(cluster.decode[0]!, 'tsukimi_instance_decode_requests_total'),
    ]);
    const controller = new AbortController();
    // A long prompt keeps the prefill instance computing while the client goes away.
    const request = startStream(client, cluster, endpoint, text(1900, endpoint === 'chat' ? 4 : 3), 100, controller.signal);
    const outcome = request.then(
      async (stream) => {
        for await (const _chunk of stream) return 'token' as const;
        return 'ended' as const;
      },
      () => 'aborted' as const,
    );
    // The prefill call is out: the prefill instance computes the prompt, and (its engine running on
    // the process's one thread) answers nothing else until the first token.
    const deadline = performance.now() + 20_000;
    while ((await cluster.metric(cluster.conductor, dispatchedSeries(cluster))) === dispatchedBefore) {
      if (performance.now() > deadline) throw new Error('the conductor never sent the prefill call');
    }
    const abortedAtMs = performance.now();
    controller.abort();
    await expect(outcome.catch(() => 'aborted' as const)).resolves.toBe('aborted');

    await cluster.waitForMetric(cluster.prefill[0]!, 'tsukimi_instance_active_sequences{role="prefill"}', (n) => n === 0);
    const stopped = await waitForDecodeStop(cluster, abortedAtMs);
    // The prompt's computation is not interrupted: this is the time until the prefill ended and decode was seen idle.
    stopTimesMs.push(`${endpoint} prefill ${stopped.stoppedAfterMs.toFixed(0)} ms`);
    expect(stopped.stoppedAfterMs).toBeLessThan(STOP_BOUND_MS);
    expect(await waitForIdle(cluster)).toEqual(IDLE);
    await cluster.waitForMetric(cluster.conductor, clientClosedSeries(cluster), (n) => n === closedBefore + 1);
    // The request left before its first token: the decode instance generated nothing for it.
    expect(await cluster.metric(cluster.decode[0]!, DECODE_STEPS)).toBe(stepsBefore);
    expect(await cluster.metric(cluster.decode[0]!, 'tsukimi_instance_decode_requests_total')).toBe(decodesBefore);
  }, 60_000);
});
