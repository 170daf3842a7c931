import { isFasterTier, type TierChange, type TierObserver } from '@tsukimi/kv-store';
import { type Metrics } from '@tsukimi/service-kit';
import { LateBoundMetrics } from './late-bound.metrics';

/** Counts a node's moves between its tiers: up (a promotion, by the tier moved to) or down (a demotion, by the tier moved from). */
export class TierMoveMetrics extends LateBoundMetrics implements TierObserver {
  protected declare(metrics: Metrics): void {
    metrics.get('tsukimi_kvpool_promotions_total').inc({ tier: 'dram' }, 0);
    metrics.get('tsukimi_kvpool_demotions_total').inc({ tier: 'dram' }, 0);
  }

  onTierChange(change: TierChange): void {
    if (change.kind !== 'moved' || this.metrics === undefined) return;
    if (isFasterTier(change.to, change.from)) this.metrics.get('tsukimi_kvpool_promotions_total').inc({ tier: change.to });
    else this.metrics.get('tsukimi_kvpool_demotions_total').inc({ tier: change.from });
  }
}
