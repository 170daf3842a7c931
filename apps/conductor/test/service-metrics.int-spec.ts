import { execFile } from 'node:child_process';
import OpenAI from 'openai';
import { httpGet, sampleValue, type ServiceProcess } from '@tsukimi/service-kit';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** `promtool check metrics` on one exposition; resolves with its exit status and what it printed. */
function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(exposition);
  });
}

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
      conductorArgs: ['--ttft-slo-ms', String(TTFT_SLO_SECONDS * 1000), '--tbt-slo-ms', String(TBT_SLO_SECONDS * 1000)],
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

  it('count every finished request, and as goodput those within both SLOs', async () => {
    const exposition = await metricsOf(cluster.conductor);
    expect(sampleValue(exposition, 'tsukimi_conductor_requests_total{status_code="200"}')).toBe(3);
    expect(sampleValue(exposition, 'tsukimi_conductor_goodput_requests_total')).toBe(3);
    // Four choices, each of at least two tokens; tiny-model gaps sit far below the TBT SLO.
    expect(sampleValue(exposition, 'tsukimi_conductor_time_per_output_token_seconds_count')).toBe(4);
    expect(sampleValue(exposition, `tsukimi_conductor_time_per_output_token_seconds_bucket{le="${TBT_SLO_SECONDS}"}`)).toBe(4);
  });

  it('make the configured SLOs exact bucket edges of their histograms', async () => {
    const exposition = await metricsOf(cluster.conductor);
    expect(sampleValue(exposition, `tsukimi_conductor_ttft_seconds_bucket{le="${TTFT_SLO_SECONDS}"}`)).toBe(3);
    expect(sampleValue(exposition, `tsukimi_conductor_inter_token_latency_seconds_bucket{le="${TBT_SLO_SECONDS}"}`)).toBe(sampleValue(exposition, 'tsukimi_conductor_inter_token_latency_seconds_count'));
    expect(sampleValue(exposition, 'tsukimi_conductor_inter_token_latency_seconds_count')).toBeGreaterThan(0);
  });

  it('pass promtool check metrics on every service', async () => {
    const services = { conductor: cluster.conductor, kvpool: cluster.kvpool, prefill: cluster.prefill[0]!, decode: cluster.decode[0]! };
    const reports = await Promise.all(
      Object.entries(services).map(async ([name, service]) => {
        const { code, output } = await promtoolCheck(await metricsOf(service));
        return `${name}: exit ${code}${output.trim() ? `\n${output.trim()}` : ''}`;
      }),
    );
    expect(reports).toEqual(Object.keys(services).map((name) => `${name}: exit 0`));
  });
});
