import { TSUKIMI_METRICS } from './metric-names';
import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from './metric-buckets';
import { METRIC_LABELS } from './metric-labels';
import { type MetricDefinition } from './metric.model';

const definitions: [string, MetricDefinition][] = Object.entries(TSUKIMI_METRICS);
const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-z][a-z0-9_]*$/;

describe('TSUKIMI_METRICS', () => {
  it.each(definitions)('%s follows the Prometheus naming conventions', (name, definition) => {
    expect(name).toMatch(PROMETHEUS_NAME);
    expect(name).toMatch(/^tsukimi_(conductor|scheduler|instance|kvpool|planner|service)_[a-z0-9_]+$/);
    expect(name.endsWith('_total')).toBe(definition.kind === 'counter');
    if (definition.kind === 'histogram') expect(name).toMatch(/_(seconds|bytes|tokens)$/);
    expect(definition.help.length).toBeGreaterThan(10);
    for (const label of definition.labelNames) {
      expect(label).toMatch(LABEL_NAME);
      expect(METRIC_LABELS).toContain(label);
    }
    if (name.endsWith('_ratio')) expect(definition.kind).toBe('gauge');
    expect(name).not.toContain(':');
  });

  it('has units in names where the value has one', () => {
    expect(TSUKIMI_METRICS.tsukimi_kvpool_used_bytes.kind).toBe('gauge');
    expect(TSUKIMI_METRICS.tsukimi_conductor_ttft_seconds.kind).toBe('histogram');
  });

  it.each<[string, readonly number[], number, number]>([
    ['TTFT', TTFT_BUCKETS_SECONDS, 0.005, 60],
    ['TBT', TBT_BUCKETS_SECONDS, 0.001, 5],
    ['end-to-end', E2E_BUCKETS_SECONDS, 0.01, 600],
  ])('%s buckets ascend from %p s to %p s', (_what, buckets, first, last) => {
    expect(buckets[0]).toBe(first);
    expect(buckets[buckets.length - 1]).toBe(last);
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
    expect(new Set(buckets).size).toBe(buckets.length);
  });
});
