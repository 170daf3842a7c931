import { type NodeRead, type NodeReadObserver, type NodeTier, type NodeWrite, tierLookups } from '@tsukimi/kv-store';
import { type Metrics } from '@tsukimi/service-kit';
import { LateBoundMetrics } from './late-bound.metrics';

/** Why a node refuses a written block; declared at 0 so the error panels read 0, not nothing. */
const WRITE_REFUSALS = ['no-space', 'invalid-block', 'too-large', 'store-failure'] as const;

/**
 * Counts what the data plane served and stored: blocks and bytes, hits and misses down the
 * node's tiers (`tiers`, fastest first), refused writes as transfer errors, and blocks refused
 * as corrupt, whether read from the SSD or written by a client.
 */
export class NodeReadMetrics extends LateBoundMetrics implements NodeReadObserver {
  constructor(private readonly tiers: readonly NodeTier[]) {
    super();
  }

  protected declare(metrics: Metrics): void {
    for (const tier of this.tiers) {
      metrics.get('tsukimi_kvpool_hits_total').inc({ tier }, 0);
      metrics.get('tsukimi_kvpool_misses_total').inc({ tier }, 0);
      metrics.get('tsukimi_kvpool_served_blocks_total').inc({ tier }, 0);
    }
    for (const direction of ['sent', 'received']) metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction }, 0);
    for (const reason of WRITE_REFUSALS) metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason }, 0);
    metrics.get('tsukimi_kvpool_unserved_blocks_total');
  }

  onRead(read: NodeRead): void {
    const metrics = this.metrics;
    if (metrics === undefined) return;
    for (const lookup of tierLookups(read, this.tiers)) metrics.get(lookup.hit ? 'tsukimi_kvpool_hits_total' : 'tsukimi_kvpool_misses_total').inc({ tier: lookup.tier });
    if (read.hit) {
      metrics.get('tsukimi_kvpool_served_blocks_total').inc({ tier: read.tier });
      metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction: 'sent' }, read.bytes);
      return;
    }
    metrics.get('tsukimi_kvpool_unserved_blocks_total').inc({ reason: read.reason });
    if (read.reason === 'corrupt') metrics.get('tsukimi_kvpool_corrupt_blocks_total').inc({ source: 'ssd' });
  }

  onWrite(write: NodeWrite): void {
    const metrics = this.metrics;
    if (metrics === undefined) return;
    if (write.stored) {
      metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction: 'received' }, write.bytes);
      return;
    }
    metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason: write.reason });
    if (write.reason === 'invalid-block') metrics.get('tsukimi_kvpool_corrupt_blocks_total').inc({ source: 'client' });
  }
}
