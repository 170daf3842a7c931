import { type OperationTimer } from '@tsukimi/kv-store';
import { type Metrics } from '@tsukimi/service-kit';
import { LateBoundMetrics } from './late-bound.metrics';

/** Observes the master's Redis round trips, timed around its metadata and leader-lease ports, by operation. */
export class RedisTimingMetrics extends LateBoundMetrics {
  readonly timer: OperationTimer = (operation, seconds) => this.metrics?.get('tsukimi_kvpool_redis_seconds').observe({ operation }, seconds);

  protected declare(metrics: Metrics): void {
    metrics.get('tsukimi_kvpool_redis_seconds');
  }
}
