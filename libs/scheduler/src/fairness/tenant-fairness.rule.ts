export interface TenantFairnessOptions {
  /** Prefill load (requests in flight over capacity) from which fair shares are enforced; below it spare capacity goes to whoever asks. */
  readonly engageAtUtilisation: number;
  /** How far past its fair share a tenant may go before it is turned away: 1.2 allows 20% over. */
  readonly overShareFactor: number;
  /** Relative weights; a tenant not listed weighs 1. */
  readonly weights?: ReadonlyMap<string, number>;
  /**
   * Conductors serving the cluster now, each sent an even part of the requests: each sees only
   * its part of the work in flight, so its prefill load counts this many times (the tenants'
   * shares, being ratios, need no scaling). 1 when absent.
   */
  readonly conductors?: () => number;
}

export const DEFAULT_TENANT_FAIRNESS: TenantFairnessOptions = { engageAtUtilisation: 0.8, overShareFactor: 1.2 };

/** Why a tenant is over its share, for the rejection message. */
export interface OverShare {
  readonly share: number;
  readonly fairShare: number;
}

/**
 * Per-tenant fairness under load: once the cluster is busy, a tenant holding more of the work in
 * flight than its weighted share of the tenants now active is refused first, so one heavy sender
 * cannot crowd out the rest. Tenants active are those with work in flight, plus the one asking.
 */
export class TenantFairness {
  constructor(readonly options: TenantFairnessOptions = DEFAULT_TENANT_FAIRNESS) {}

  /** The tenant's share and fair share when it is over, or undefined when it may proceed. */
  overShare(tenant: string, inFlightByTenant: ReadonlyMap<string, number> | undefined, utilisation: number): OverShare | undefined {
    if (inFlightByTenant === undefined || utilisation * (this.options.conductors?.() ?? 1) < this.options.engageAtUtilisation) return undefined;
    const own = inFlightByTenant.get(tenant) ?? 0;
    if (own === 0) return undefined;
    let total = 0;
    let totalWeight = 0;
    for (const [other, inFlight] of inFlightByTenant) {
      if (inFlight <= 0) continue;
      total += inFlight;
      totalWeight += this.weight(other);
    }
    const share = own / total;
    const fairShare = this.weight(tenant) / totalWeight;
    return share > fairShare * this.options.overShareFactor ? { share, fairShare } : undefined;
  }

  private weight(tenant: string): number {
    return this.options.weights?.get(tenant) ?? 1;
  }
}
