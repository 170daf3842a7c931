import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

/**
 * The planner in metrics mode on a live cluster (two prefill instances, one decode, all idle):
 * with no windows or cool-downs it wants one prefill instance fewer at once and holds decode at
 * its minimum, and says why on /metrics, where KEDA or an HPA would read the desired replicas.
 */
describe('the planner in metrics mode on a local cluster', () => {
  let cluster: ClusterUnderTest;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({
      prefill: 2,
      decode: 1,
      conductorArgs: ['--planner', 'metrics', '--planner-fast-interval-ms', '200', '--planner-scale-down-window-ms', '0', '--planner-scale-down-cooldown-ms', '0', '--planner-prefill-max-replicas', '4', '--planner-decode-max-replicas', '3'],
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('exports the desired replicas per role, with the decisions counted by reason', async () => {
    // Prefill gives a signal once the estimators have a profile fitted to the instances' timings.
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decisions_total{role="prefill",direction="down",reason="prefill-idle"}', (n) => n > 0, 60_000);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_desired_replicas{role="prefill"}')).toBe(1);
    // The scale-in's victim (the prefill instance whose cache is worth least) is reported, not acted on.
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_scale_in_victims_total{role="prefill",mode="metrics"}', (n) => n > 0);
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decisions_total{role="decode",direction="hold",reason="within-slo"}', (n) => n > 0);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_desired_replicas{role="decode"}')).toBe(1);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_leader')).toBe(1);
    // Metrics mode writes nothing: both prefill instances still serve.
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_scale_errors_total{role="prefill",outcome="unavailable"}')).toBe(0);
  });

  it('measures decode\'s inter-token latency on the streams the conductor sends', async () => {
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_decode_inter_token_latency_seconds')).toBe(0);
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const stream = await client.completions.create({ model: cluster.modelId, prompt: promptText(64, 7), max_tokens: 64, temperature: 0, stream: true });
    for await (const chunk of stream) void chunk;
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decode_inter_token_latency_seconds', (seconds) => seconds > 0);
  });
});
