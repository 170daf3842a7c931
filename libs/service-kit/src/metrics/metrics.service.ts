import { type Registry } from 'prom-client';
import { TSUKIMI_METRICS, type HistogramName, type MetricDefinition, type MetricName, type TsukimiMetrics } from '@tsukimi/telemetry';
import { createPromMetric, type PromMetricOf } from './prom-metric.factory';

/**
 * Typed access to the Tsukimi metrics of one service instance, as prom-client objects in that
 * instance's registry. A metric is created on first use, so `/metrics` shows what this service
 * records; call `get` at startup for series that should read 0 before the first event.
 *
 *     metrics.get('tsukimi_conductor_requests_total').inc({ status_code: '200' });
 *     metrics.get('tsukimi_conductor_ttft_seconds').observe(0.182);
 */
export class Metrics {
  private readonly created = new Map<MetricName, unknown>();
  private readonly buckets = new Map<MetricName, readonly number[]>();
  private readonly samplers: (() => void | Promise<void>)[] = [];

  constructor(readonly registry: Registry) {}

  get<N extends MetricName>(name: N): PromMetricOf<TsukimiMetrics[N]> {
    let metric = this.created.get(name);
    if (metric === undefined) {
      const declared: MetricDefinition = TSUKIMI_METRICS[name];
      const buckets = this.buckets.get(name);
      metric = createPromMetric(name, buckets ? { ...declared, buckets } : declared, this.registry);
      this.created.set(name, metric);
    }
    // Sound: the metric was built from TSUKIMI_METRICS[name], whose kind and labels PromMetricOf mirrors.
    return metric as PromMetricOf<TsukimiMetrics[N]>;
  }

  /**
   * Replaces a histogram's declared buckets in this service (a configured SLO as an edge, say).
   * Call it before the histogram's first `get`; calling it again with equal buckets is a no-op,
   * so every user of the histogram may call it. Throws when the histogram already exists with
   * other buckets: its series could no longer change.
   */
  useBuckets(name: HistogramName, buckets: readonly number[]): void {
    const current = this.buckets.get(name) ?? TSUKIMI_METRICS[name].buckets;
    const same = current.length === buckets.length && current.every((b, i) => b === buckets[i]);
    if (this.created.has(name) && !same) throw new Error(`${name} was created before its buckets were set`);
    this.buckets.set(name, [...buckets]);
  }

  /**
   * Runs `sample` before every scrape, to set gauges of state that is read rather than tracked
   * event by event (a queue's depth, memory in use, readiness), so a scrape never sees a stale value.
   */
  sampleOnScrape(sample: () => void | Promise<void>): void {
    this.samplers.push(sample);
  }

  /** Brings every sampled gauge up to date; the scrape endpoint calls it before reading the registry. */
  async sample(): Promise<void> {
    await Promise.all(this.samplers.map(async (sample) => sample()));
  }
}
