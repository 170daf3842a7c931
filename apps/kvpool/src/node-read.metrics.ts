import { type NodeReadObserver } from '@tsukimi/kv-store';
import { type Metrics } from '@tsukimi/service-kit';

/**
 * Counts what the data plane served. Created before the Nest app (the node store needs it when it
 * is built) and bound to the metrics once they exist; reads before that are not counted.
 */
export class NodeReadMetrics implements NodeReadObserver {
  private metrics: Metrics | undefined;

  bind(metrics: Metrics): void {
    this.metrics = metrics;
    metrics.get('tsukimi_kvpool_served_blocks_total');
    metrics.get('tsukimi_kvpool_unserved_blocks_total');
  }

  onRead(outcome: Parameters<NodeReadObserver['onRead']>[0]): void {
    if (this.metrics === undefined) return;
    if (outcome.hit) {
      this.metrics.get('tsukimi_kvpool_served_blocks_total').inc({ tier: outcome.tier });
      this.metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction: 'sent' }, outcome.bytes);
      return;
    }
    this.metrics.get('tsukimi_kvpool_unserved_blocks_total').inc({ reason: outcome.reason });
    if (outcome.reason === 'corrupt') this.metrics.get('tsukimi_kvpool_corrupt_blocks_total').inc({ source: 'ssd' });
  }
}
