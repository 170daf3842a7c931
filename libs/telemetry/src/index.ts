export { LOG_LEVELS, type LogLevel, isLevelEnabled } from './log-level';
export { type Logger, type LogFields } from './logger.port';
export { JsonLinesLogger, createJsonLogger, type JsonLinesLoggerOptions, type LineSink } from './json-lines.logger';
export { LevelFilterLogger } from './level-filter.logger';
export { SilentLogger, silentLogger } from './silent.logger';
export { RecordingLogger, type RecordedLog } from './recording.logger';
export { formatLogLine, type LogRecord } from './log-line.format';
export { serializeError, type SerializedError } from './error.serializer';
export { type Clock } from './clock.port';
export { SystemClock, systemClock } from './system.clock';
export { ManualClock, type ManualClockOptions } from './manual.clock';
export { type HealthResult, type HealthyResult, type UnhealthyResult, healthy, unhealthy } from './health.model';
export {
  type MetricKind,
  type MetricDefinition,
  type CounterDefinition,
  type GaugeDefinition,
  type HistogramDefinition,
  type LabelNameOf,
  counter,
  gauge,
  histogram,
} from './metric.model';
export { METRIC_LABELS, type MetricLabel } from './metric-labels';
export { TTFT_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, E2E_BUCKETS_SECONDS, withBucketEdges } from './metric-buckets';
export {
  TSUKIMI_METRICS,
  type TsukimiMetrics,
  type MetricName,
  type CounterName,
  type GaugeName,
  type HistogramName,
} from './metric-names';
