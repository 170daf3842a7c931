import { promqlMetricNames, seriesMetric } from './promql.metric-names';

describe('promqlMetricNames', () => {
  it.each<[string, string[]]>([
    ['up', ['up']],
    ['sum by (tier) (rate(tsukimi_conductor_cached_tokens_total{tier="dram"}[$__rate_interval]))', ['tsukimi_conductor_cached_tokens_total']],
    ['histogram_quantile(0.99, sum by (le) (rate(tsukimi_conductor_ttft_seconds_bucket[5m])))', ['tsukimi_conductor_ttft_seconds_bucket']],
    ['sum(rate(a_total[1m])) / sum(rate(b_total{outcome=~"error|x"}[1m])) or vector(0)', ['a_total', 'b_total']],
    ['sum by (instance, tier) (x_bytes) / on (instance) group_left y_bytes', ['x_bytes', 'y_bytes']],
    ['count(tsukimi_instance_batch_size) > bool 1', ['tsukimi_instance_batch_size']],
    ['sum(rate(m_bucket{le="$ttft_slo"}[$__rate_interval])) / sum(rate(m_count[$__rate_interval]))', ['m_bucket', 'm_count']],
  ])('%s', (expr, names) => {
    expect(promqlMetricNames(expr)).toEqual(names);
  });
});

describe('seriesMetric', () => {
  const histograms = new Set(['tsukimi_conductor_ttft_seconds']);
  it.each<[string, string]>([
    ['tsukimi_conductor_ttft_seconds_bucket', 'tsukimi_conductor_ttft_seconds'],
    ['tsukimi_conductor_ttft_seconds_count', 'tsukimi_conductor_ttft_seconds'],
    ['tsukimi_conductor_ttft_seconds_sum', 'tsukimi_conductor_ttft_seconds'],
    ['tsukimi_conductor_requests_total', 'tsukimi_conductor_requests_total'],
    ['tsukimi_other_count', 'tsukimi_other_count'],
  ])('%s belongs to %s', (series, metric) => {
    expect(seriesMetric(series, histograms)).toBe(metric);
  });
});
