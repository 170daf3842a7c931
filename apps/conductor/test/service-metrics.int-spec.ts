import OpenAI from 'openai';
import { httpGet, sampleValue, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';
import { promtoolReports } from './promtool.check';

// SLOs that are no default bucket edge (50 s, 4 s) and that a tiny model on loopback always meets.
const TTFT_SLO_SECONDS = 50;
const TBT_SLO_SECONDS = 4;

describe('the services\' /metrics', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      conductorArgs: ['--ttft-slo-ms', String(TTFT_SLO_SECONDS * 1000), '--tbt-slo-ms', String(TBT_SLO_SECONDS * 1000), '--e2e-buckets-seconds', '0.5,42', '--ttft-buckets-seconds', '0.25,7'],
    });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    await client.completions.create({ model: cluster.modelId, prompt: text(40, 1), max_tokens: 6, temperature: 0 });
    await client.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: text(30, 2) }], max_tokens: 5, n: 2 });
    const stream = await client.completions.create({ model: cluster.modelId, prompt: text(50, 3), max_tokens: 8, stream: true });
    for await (const chunk of stream) expect(chunk.object).toBe('text_completion');
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const metricsOf = async (service: ServiceProcess) => (await httpGet(service.httpPort, '/metrics')).body;

  it('count every finished request by model, and as goodput those within both SLOs', async () => {
    const exposition = await metricsOf(cluster.conductor);
    const model = `model="${cluster.modelId}"`;
    expect(sampleValue(exposition, `tsukimi_conductor_requests_total{${model},status_code="200"}`)).toBe(3);
    expect(sampleValue(exposition, `tsukimi_conductor_goodput_requests_total{${model}}`)).toBe(3);
    // Four choices, each of at least two tokens; tiny-model gaps sit far below the TBT SLO.
    expect(sampleValue(exposition, `tsukimi_conductor_time_per_output_token_seconds_count{${model}}`)).toBe(4);
    expect(sampleValue(exposition, `tsukimi_conductor_time_per_output_token_seconds_bucket{le="${TBT_SLO_SECONDS}",${model}}`)).toBe(4);
    // Each request waits once, however many choices it has.
    expect(sampleValue(exposition, `tsukimi_conductor_queue_wait_seconds_count{${model}}`)).toBe(3);
  });

  it('count a request refused before any served model is known under model=""', async () => {
    await expect(client.completions.create({ model: 'no-such-model', prompt: 'x', max_tokens: 1 })).rejects.toMatchObject({ status: 404 });
    const exposition = await metricsOf(cluster.conductor);
    expect(sampleValue(exposition, 'tsukimi_conductor_requests_total{model="",status_code="404"}')).toBe(1);
    expect(exposition).not.toContain('no-such-model');
  });

  it('use the configured buckets, with the configured SLOs as exact edges', async () => {
    const exposition = await metricsOf(cluster.conductor);
    const model = `model="${cluster.modelId}"`;
    const edges = (histogram: string) => [...exposition.matchAll(new RegExp(`^${histogram}_bucket\\{le="([^"]+)",${model}\\}`, 'gm'))].map((m) => m[1]);
    expect(edges('tsukimi_conductor_ttft_seconds')).toEqual(['0.25', '7', String(TTFT_SLO_SECONDS), '+Inf']);
    expect(edges('tsukimi_conductor_queue_wait_seconds')).toEqual(['0.25', '7', String(TTFT_SLO_SECONDS), '+Inf']);
    expect(edges('tsukimi_conductor_e2e_latency_seconds')).toEqual(['0.5', '42', '+Inf']);
    expect(sampleValue(exposition, `tsukimi_conductor_ttft_seconds_bucket{le="${TTFT_SLO_SECONDS}",${model}}`)).toBe(3);
    expect(sampleValue(exposition, `tsukimi_conductor_inter_token_latency_seconds_bucket{le="${TBT_SLO_SECONDS}",${model}}`)).toBe(sampleValue(exposition, `tsukimi_conductor_inter_token_latency_seconds_count{${model}}`));
    expect(sampleValue(exposition, `tsukimi_conductor_inter_token_latency_seconds_count{${model}}`)).toBeGreaterThan(0);
  });

  it('count every scheduler decision by branch and time it, and give estimated TTFTs the TTFT buckets', async () => {
    const exposition = await metricsOf(cluster.conductor);
    // Every branch's series is there, at 0 when no decision took it.
    const branches = ['holder', 'fetch', 'recompute', 'rejected'].map((branch) => sampleValue(exposition, `tsukimi_scheduler_decisions_total{branch="${branch}"}`));
    // Three requests of four choices; no retry, no rejection on an idle cluster.
    expect(branches).not.toContain(undefined);
    expect(branches.reduce((a: number, b) => a + (b ?? 0), 0)).toBe(4);
    expect(branches[3]).toBe(0);
    expect(sampleValue(exposition, 'tsukimi_scheduler_decision_seconds_count')).toBe(4);
    const estimates = sampleValue(exposition, 'tsukimi_scheduler_estimated_ttft_seconds_count');
    expect(estimates).toBeGreaterThan(0);
    expect(sampleValue(exposition, `tsukimi_scheduler_estimated_ttft_seconds_bucket{le="${TTFT_SLO_SECONDS}"}`)).toBe(estimates);
  });

  it('pass promtool check metrics on every service', async () => {
    const services = { conductor: cluster.conductor, kvpool: cluster.kvpool, prefill: cluster.prefill[0]!, decode: cluster.decode[0]! };
    const reports = await promtoolReports(Object.fromEntries(Object.entries(services).map(([name, service]) => [name, metricsOf(service)])));
    expect(reports).toEqual(Object.keys(services).map((name) => `${name}: exit 0`));
  });
});
