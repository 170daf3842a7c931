import { type Metrics } from '@tsukimi/service-kit';
import { TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, withBucketEdges } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';

/**
 * Makes the configured TTFT and TBT SLOs exact bucket edges of the histograms judged against
 * them, so attainment reads as `_bucket{le="<slo>"} / _count` with no interpolation. Idempotent;
 * every user of these histograms calls it before their first `get`.
 */
export function useSloBuckets(metrics: Metrics, config: Pick<ConductorConfig, 'ttftSloMs' | 'tbtSloMs'>): void {
  const ttft = config.ttftSloMs / 1000;
  const tbt = config.tbtSloMs / 1000;
  metrics.useBuckets('tsukimi_conductor_ttft_seconds', withBucketEdges(TTFT_BUCKETS_SECONDS, [ttft]));
  metrics.useBuckets('tsukimi_conductor_inter_token_latency_seconds', withBucketEdges(TBT_BUCKETS_SECONDS, [tbt]));
  metrics.useBuckets('tsukimi_conductor_time_per_output_token_seconds', withBucketEdges(TBT_BUCKETS_SECONDS, [tbt]));
}
