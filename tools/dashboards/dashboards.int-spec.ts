import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { httpGet } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from '../../apps/conductor/test/cluster-under-test';
import { promtoolReports } from '../../apps/conductor/test/promtool.check';
import { DASHBOARDS, dashboardQueries } from './dashboards';
import { PrometheusServer } from './prometheus.server';

/**
 * Queries of counters that only an event this test does not cause writes (a corrupt block, a block
 * the pool could not serve, a tenant over its limit or its limit store down, with no tenant limited
 * here; a deposed master's answer, refused only by a storage node running apart from its master,
 * while this kvpool is one process): they must answer without error but may answer with nothing.
 */
const EVENT_ONLY = [
  'tsukimi_kvpool_corrupt_blocks_total',
  'tsukimi_kvpool_unserved_blocks_total',
  'tsukimi_conductor_rate_limited_total',
  'tsukimi_conductor_rate_limit_unchecked_total',
  'tsukimi_kvpool_stale_epoch_answers_total',
  'tsukimi_kvpool_stale_epoch_commands_total',
  // The planner's scale-ins and failed replica writes: a scale-in the load here does not ask for, writes only scale mode makes.
  'tsukimi_planner_scale_in_victims_total',
  'tsukimi_planner_scale_errors_total',
];

/** A panel's query as Prometheus evaluates it: Grafana's variables replaced by what Grafana would send. */
function resolved(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$ttft_slo', '2').replaceAll('$tbt_slo', '0.2');
}

const queries = [...new Set(Object.values(DASHBOARDS).flatMap((build) => dashboardQueries(build())))];

describe('every dashboard panel against a real Prometheus scraping a local cluster', () => {
  let cluster: ClusterUnderTest;
  let prometheus: PrometheusServer;
  let redis: RedisServerProcess;
  let ssdDir: string;

  beforeAll(async () => {
    // The pool keeps its metadata in Redis (the Redis panels) and only a few blocks in DRAM, the
    // rest on SSD, so that blocks are demoted, read back from SSD and promoted (the tier panels).
    redis = await RedisServerProcess.start();
    ssdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-dashboards-ssd-'));
    // Every read's reuse distance traced, so the planner has a hit-ratio curve to size the pool's SSD on (the planner panels).
    const kvpoolArgs = ['--metadata', 'redis', '--redis-url', redis.url, '--dram-bytes', '64KiB', '--ssd-dir', ssdDir, '--ssd-bytes', '64MiB', '--reuse-sample-rate', '1'];
    // One in flight per instance: a burst of requests gets some 429s, which the rejection panel shows.
    // The planner in metrics mode, its loops fast enough to decide within the test.
    const plannerArgs = ['--planner', 'metrics', '--planner-fast-interval-ms', '250', '--planner-slow-interval-ms', '1000'];
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, kvpoolArgs, conductorArgs: ['--max-in-flight-per-instance', '1', ...plannerArgs] });
    prometheus = await PrometheusServer.start({
      conductor: [cluster.conductor.httpPort],
      kvpool: [cluster.kvpool.httpPort],
      prefill: cluster.prefill.map((s) => s.httpPort),
      decode: cluster.decode.map((s) => s.httpPort),
    });
    await prometheus.waitFor(async () => (await prometheus.query('sum(up)'))[0]?.value[1] === '4', 20_000, 'scraped all four services');
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    const prompt = 'The pool keeps blocks of KV so that a prompt seen before is not computed again. '.repeat(4);
    await client.completions.create({ model: cluster.modelId, prompt, max_tokens: 8, temperature: 0 });
    const burst = Array.from({ length: 6 }, () => client.completions.create({ model: cluster.modelId, prompt, max_tokens: 16, temperature: 0 }).then(() => 'ok', (e: unknown) => (e instanceof OpenAI.APIError ? String(e.status) : 'failed')));
    expect(await Promise.all(burst)).toContain('ok');
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await cluster?.stop();
    await redis?.stop();
    if (ssdDir) fs.rmSync(ssdDir, { recursive: true, force: true });
  }, 60_000);

  it('evaluates every query without error, and each returns data', async () => {
    const empty = async () => {
      const answers = await Promise.all(queries.map(async (expr) => ({ expr, series: await prometheus.query(resolved(expr)) })));
      return answers.filter((a) => a.series.length === 0 && !EVENT_ONLY.some((name) => a.expr.includes(name))).map((a) => a.expr);
    };
    await prometheus.waitFor(async () => (await empty()).length === 0, 30_000, 'answered every query with data').catch(() => undefined);
    expect(await empty()).toEqual([]);
  }, 60_000);

  it('finds every service\'s /metrics, under this traffic and its 429s, clean by promtool check metrics', async () => {
    const services = { conductor: cluster.conductor, kvpool: cluster.kvpool, prefill: cluster.prefill[0]!, decode: cluster.decode[0]! };
    const reports = await promtoolReports(Object.fromEntries(Object.entries(services).map(([name, s]) => [name, httpGet(s.httpPort, '/metrics').then((r) => r.body)])));
    expect(reports).toEqual(Object.keys(services).map((name) => `${name}: exit 0`));
  });
});
