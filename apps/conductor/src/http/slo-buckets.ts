import { type Metrics } from '@tsukimi/service-kit';
import { withBucketEdges } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';

export type BucketSettings = Pick<ConductorConfig, 'ttftSloMs' | 'tbtSloMs' | 'ttftBucketsSeconds' | 'interTokenBucketsSeconds' | 'e2eBucketsSeconds'>;

/**
 * Gives the conductor's latency histograms their configured buckets, with the configured TTFT and
 * TBT SLOs as exact edges of the histograms judged against them, so attainment reads as
 * `_bucket{le="<slo>"} / _count` with no interpolation. Queue wait and the scheduler's estimated
 * TTFT share the TTFT buckets, so each reads beside TTFT edge for edge. Idempotent; every user of
 * these histograms calls it before their first `get`.
 */
export function useSloBuckets(metrics: Metrics, config: BucketSettings): void {
  const ttft = withBucketEdges(config.ttftBucketsSeconds, [config.ttftSloMs / 1000]);
  const tbt = withBucketEdges(config.interTokenBucketsSeconds, [config.tbtSloMs / 1000]);
  metrics.useBuckets('tsukimi_conductor_ttft_seconds', ttft);
  metrics.useBuckets('tsukimi_conductor_queue_wait_seconds', ttft);
  metrics.useBuckets('tsukimi_scheduler_estimated_ttft_seconds', ttft);
  metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', tbt);
  metrics.useBuckets('tsukimi_conductor_time_per_output_token_seconds', tbt);
  metrics.useBuckets('tsukimi_conductor_e2e_latency_seconds', config.e2eBucketsSeconds);
}
