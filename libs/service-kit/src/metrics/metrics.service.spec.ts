import { Registry } from 'prom-client';
import { TSUKIMI_METRICS, type MetricName } from '@tsukimi/telemetry';
import { Metrics } from './metrics.service';

describe('Metrics', () => {
  it('registers a metric in its own registry on first use only', async () => {
    const registry = new Registry();
    const metrics = new Metrics(registry);
    expect(await registry.getMetricsAsJSON()).toEqual([]);
    metrics.get('tsukimi_conductor_requests_total').inc({ status_code: '200' });
    metrics.get('tsukimi_conductor_requests_total').inc({ status_code: '200' }, 2);
    const json = await registry.getMetricsAsJSON();
    expect(json).toEqual([expect.objectContaining({ name: 'tsukimi_conductor_requests_total', type: 'counter' })]);
    expect(json[0]?.values).toEqual([{ value: 3, labels: { status_code: '200' } }]);
  });

  it('builds histograms with the buckets of their definition', async () => {
    const registry = new Registry();
    new Metrics(registry).get('tsukimi_conductor_ttft_seconds').observe(0.2);
    const text = await registry.metrics();
    expect(text).toContain('tsukimi_conductor_ttft_seconds_bucket{le="0.005"} 0');
    expect(text).toContain('tsukimi_conductor_ttft_seconds_bucket{le="0.2"} 1');
    expect(text).toContain('tsukimi_conductor_ttft_seconds_bucket{le="60"} 1');
  });

  it('builds a histogram with the buckets set before its first use', async () => {
    const registry = new Registry();
    const metrics = new Metrics(registry);
    metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', [0.1, 0.25, 1]);
    metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', [0.1, 0.25, 1]);
    metrics.get('tsukimi_conductor_inter_token_latency_seconds').observe(0.2);
    const text = await registry.metrics();
    expect(text).toContain('tsukimi_conductor_inter_token_latency_seconds_bucket{le="0.25"} 1');
    expect(text).not.toContain('le="0.001"');
    expect(() => metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', [0.1, 0.25, 1])).not.toThrow();
    expect(() => metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', [0.5])).toThrow(/created before/);
  });

  it('keeps registries of two instances apart', async () => {
    const [first, second] = [new Registry(), new Registry()];
    new Metrics(first).get('tsukimi_instance_queue_depth').set(4);
    new Metrics(second).get('tsukimi_instance_queue_depth').set(9);
    expect(await first.getSingleMetricAsString('tsukimi_instance_queue_depth')).toContain('tsukimi_instance_queue_depth 4');
    expect(await second.getSingleMetricAsString('tsukimi_instance_queue_depth')).toContain('tsukimi_instance_queue_depth 9');
  });

  it('sets sampled gauges from their current state on every sample, not before', async () => {
    const registry = new Registry();
    const metrics = new Metrics(registry);
    let waiting = 3;
    metrics.sampleOnScrape(() => metrics.get('tsukimi_instance_queue_depth').set({ role: 'decode' }, waiting));
    metrics.sampleOnScrape(async () => metrics.get('tsukimi_instance_active_sequences').set({ role: 'decode' }, await Promise.resolve(waiting + 1)));
    expect(await registry.metrics()).not.toContain('tsukimi_instance_queue_depth{');
    await metrics.sample();
    waiting = 7;
    expect(await registry.metrics()).toContain('tsukimi_instance_queue_depth{role="decode"} 3');
    await metrics.sample();
    const text = await registry.metrics();
    expect(text).toContain('tsukimi_instance_queue_depth{role="decode"} 7');
    expect(text).toContain('tsukimi_instance_active_sequences{role="decode"} 8');
  });

  it.each(Object.keys(TSUKIMI_METRICS) as MetricName[])('creates %s as its declared kind', (name) => {
    const registry = new Registry();
    new Metrics(registry).get(name);
    expect(registry.getSingleMetric(name)?.constructor.name.toLowerCase()).toBe(TSUKIMI_METRICS[name].kind);
  });
});
