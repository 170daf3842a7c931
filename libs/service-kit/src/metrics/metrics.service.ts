import { type Registry } from 'prom-client';
import { TSUKIMI_METRICS, type MetricName, type TsukimiMetrics } from '@tsukimi/telemetry';
import { createPromMetric, type PromMetricOf } from './prom-metric.factory';

/**
 * Typed access to the Tsukimi metrics of one service instance, as prom-client objects in that
 * instance's registry. A metric is created on first use, so `/metrics` shows what this service
 * records; call `get` at startup for series that should read 0 before the first event.
 *
 *     metrics.get('tsukimi_requests_total').inc({ outcome: 'ok' });
 *     metrics.get('tsukimi_ttft_seconds').observe(0.182);
 */
export class Metrics {
  private readonly created = new Map<MetricName, unknown>();

  constructor(readonly registry: Registry) {}

  get<N extends MetricName>(name: N): PromMetricOf<TsukimiMetrics[N]> {
    let metric = this.created.get(name);
    if (metric === undefined) {
      metric = createPromMetric(name, TSUKIMI_METRICS[name], this.registry);
      this.created.set(name, metric);
    }
    // Sound: the metric was built from TSUKIMI_METRICS[name], whose kind and labels PromMetricOf mirrors.
    return metric as PromMetricOf<TsukimiMetrics[N]>;
  }
}
