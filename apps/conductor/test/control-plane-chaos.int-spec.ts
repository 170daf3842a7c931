import OpenAI from 'openai';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ChaosProxy } from '@tsukimi/transfer';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';
import { completionWithTokens } from './provenance.client';

const RETRIES = 'tsukimi_conductor_phase_retries_total{role="prefill",reason="unavailable"}';
const ARENA_FULL = 'tsukimi_instance_prefill_failures_total{reason="arena-full"}';
/** Blocks of engine memory on each prefill instance: a prompt of more blocks than this is one the instance refuses. */
const PREFILL_ARENA_BLOCKS = 64;
const LATENCY_MS = 40;

describe('the conductor\'s links to its prefill instances (gRPC) through a chaos proxy', () => {
  let cluster: ClusterUnderTest;
  let proxies: ChaosProxy[];
  let conductor: ServiceProcess;
  let client: OpenAI;

  beforeAll(async () => {
    // A probe timeout a loaded machine meets: the proxied conductor's first probes must find the instances, and it probes only then.
    // Relay off: the proxies stand in the gRPC links, and an instance's relay port would take its prefills past them
    // (the relay's own failures are the gateway contract spec's).
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1, prefillArgs: ['--arena-blocks', String(PREFILL_ARENA_BLOCKS), '--relay=false'], probeTimeoutMs: 5_000 });
    proxies = await Promise.all(cluster.prefill.map((p) => ChaosProxy.start(p.grpcPort!)));
    // Probes a minute apart: every fault below meets the request's own call, never a probe that marked the instance down first.
    conductor = await cluster.conductorBeside('always', [], { prefillAddresses: proxies.map((p) => `127.0.0.1:${p.port}`), probeIntervalMs: 60_000 });
    client = new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    conductor?.signal('SIGTERM');
    await conductor?.waitForExit(20_000).catch(() => undefined);
    await Promise.all((proxies ?? []).map((p) => p.close()));
    await cluster?.stop();
  }, 60_000);

  const retries = () => cluster.metric(conductor, RETRIES);

  it('with latency under the call timeout: the same tokens and nothing retried', async () => {
    const prompt = text(120, 61);
    const direct = await completionWithTokens(cluster.conductor, cluster.modelId, prompt, 8);
    for (const proxy of proxies) proxy.setFault({ kind: 'latency', latencyMs: LATENCY_MS });
    const before = await retries();
    const delayed = await completionWithTokens(conductor, cluster.modelId, prompt, 8);
    expect(delayed.tokens).toEqual(direct.tokens);
    expect(await retries()).toBe(before);
    for (const proxy of proxies) proxy.setFault({ kind: 'none' });
  }, 30_000);

  it('with an instance\'s own refusal (RESOURCE_EXHAUSTED): the request fails at once, never retried on the other instance', async () => {
    const [before, refusedBefore] = await Promise.all([retries(), cluster.metricSum(cluster.prefill, ARENA_FULL)]);
    const tooLong = text((PREFILL_ARENA_BLOCKS + 8) * 16, 62);
    const failure = await client.completions.create({ model: cluster.modelId, prompt: tooLong, max_tokens: 4, temperature: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    // One instance refused it, once; the other never saw it.
    expect((await cluster.metricSum(cluster.prefill, ARENA_FULL)) - refusedBefore).toBe(1);
    expect(await retries()).toBe(before);
  }, 30_000);

  it('with every link reset: each instance tried once, the retry counted, and the request ends with an OpenAI error', async () => {
    for (const proxy of proxies) proxy.setFault({ kind: 'reset', afterBytes: 0 });
    const before = await retries();
    const failure = await client.completions.create({ model: cluster.modelId, prompt: text(120, 63), max_tokens: 4, temperature: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    // Two prefill instances, two tries: one retry, after which the request gives up rather than trying again.
    expect(await retries()).toBe(before + 1);
    for (const proxy of proxies) expect(proxy.faultedConnections).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
