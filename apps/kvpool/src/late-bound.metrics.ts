import { type Metrics } from '@tsukimi/service-kit';

/**
 * An observer the pool runtime needs before the Nest app (and so the metrics) exists: it is
 * handed to the runtime at build time and bound to the metrics once they exist. Events before
 * that are not counted; the runtime does no work for clients before the app serves.
 */
export abstract class LateBoundMetrics {
  protected metrics: Metrics | undefined;

  bind(metrics: Metrics): void {
    this.metrics = metrics;
    this.declare(metrics);
  }

  /** Creates the series that should read 0 before their first event. */
  protected abstract declare(metrics: Metrics): void;
}
