import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type LabelNameOf, type MetricDefinition } from '@tsukimi/telemetry';

/** The prom-client object for a telemetry definition, with its label names in the type. */
export type PromMetricOf<D> = D extends { readonly kind: 'counter' }
  ? Counter<LabelNameOf<D>>
  : D extends { readonly kind: 'gauge' }
    ? Gauge<LabelNameOf<D>>
    : D extends { readonly kind: 'histogram' }
      ? Histogram<LabelNameOf<D>>
      : never;

/** Creates the metric and registers it in `registry` (and nowhere else: never the global one). */
export function createPromMetric(name: string, definition: MetricDefinition, registry: Registry): Counter | Gauge | Histogram {
  const common = { name, help: definition.help, labelNames: definition.labelNames, registers: [registry] };
  switch (definition.kind) {
    case 'counter':
      return new Counter(common);
    case 'gauge':
      return new Gauge(common);
    case 'histogram':
      return new Histogram({ ...common, buckets: [...(definition.buckets ?? [])] });
  }
}
