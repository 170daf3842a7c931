import { type MetricDefinition } from './metric.model';
import { CONDUCTOR_METRICS } from './metrics/conductor.metrics';
import { INSTANCE_METRICS } from './metrics/instance.metrics';
import { KVPOOL_FENCING_METRICS } from './metrics/kvpool-fencing.metrics';
import { KVPOOL_METRICS } from './metrics/kvpool.metrics';
import { PLANNER_METRICS } from './metrics/planner.metrics';
import { SCHEDULER_METRICS } from './metrics/scheduler.metrics';
import { SERVICE_AUTH_METRICS } from './metrics/service-auth.metrics';
import { SERVICE_DRAIN_METRICS } from './metrics/service-drain.metrics';

/**
 * Every metric a Tsukimi service exports, keyed by its Prometheus name
 * `tsukimi_<conductor|scheduler|instance|kvpool|planner|service>_…`. Dashboards, alerts and tests name metrics
 * through this list only; a metric is declared once, in the file of its subsystem.
 *
 * Label values: `tier` is `device`, `dram` or `ssd`; `direction` is `sent` or `received`;
 * `outcome`, `kind`, `source` and `reason` are short constant words (never ids, prompts or
 * free text, which would explode the number of series).
 */
export const TSUKIMI_METRICS = {
  ...CONDUCTOR_METRICS,
  ...SCHEDULER_METRICS,
  ...INSTANCE_METRICS,
  ...KVPOOL_METRICS,
  ...KVPOOL_FENCING_METRICS,
  ...SERVICE_AUTH_METRICS,
  ...SERVICE_DRAIN_METRICS,
  ...PLANNER_METRICS,
} as const satisfies Readonly<Record<string, MetricDefinition>>;

export type TsukimiMetrics = typeof TSUKIMI_METRICS;
export type MetricName = keyof TsukimiMetrics;
export type CounterName = NamesOfKind<'counter'>;
export type GaugeName = NamesOfKind<'gauge'>;
export type HistogramName = NamesOfKind<'histogram'>;

type NamesOfKind<K> = { [N in MetricName]: TsukimiMetrics[N]['kind'] extends K ? N : never }[MetricName];
