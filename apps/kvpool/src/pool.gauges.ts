import { NODE_TIERS, REPLICATION_REASONS } from '@tsukimi/kv-store';
import { type Metrics } from '@tsukimi/service-kit';
import { type TransferServerStats } from '@tsukimi/transfer';
import { type PoolRuntime } from './pool.runtime';

/**
 * How often the leading master counts leases and pins. The count reads every entry (from Redis,
 * with `--metadata redis`), so it runs far less often than maintenance; a gauge a few seconds old
 * is as good as a fresh one for a dashboard.
 */
const CENSUS_INTERVAL_MS = 5_000;

/** Data-plane server counters that are failed transfers, by the `reason` they count under. */
const SERVER_FAILURES = [
  ['protocol-error', 'protocolErrorsTotal'],
  ['refused-request', 'refusedRequestsTotal'],
] as const satisfies readonly (readonly [string, keyof TransferServerStats])[];

/**
 * The pool's state as gauges, set after each maintenance pass: what the node holds per tier,
 * whether this master leads, what the leader's blocks are protected by, and the data-plane
 * server's failures (its counters are read and the growth since the last pass counted).
 */
export class PoolGauges {
  private censusAtMs = Number.NEGATIVE_INFINITY;
  private seen: TransferServerStats | undefined;
  private refusedAcquisitionsSeen = 0;

  constructor(
    private readonly runtime: PoolRuntime,
    private readonly metrics: Metrics,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Creates every series this process will set, so they read 0 before the first event. */
  declare(): void {
    if (this.runtime.coordinator) {
      this.metrics.get('tsukimi_kvpool_leader_lease_refusals_total');
      for (const tier of NODE_TIERS) this.metrics.get('tsukimi_kvpool_evictions_total').inc({ tier }, 0);
      this.metrics.get('tsukimi_kvpool_lookup_hits_total');
      this.metrics.get('tsukimi_kvpool_lookup_misses_total');
      for (const reason of REPLICATION_REASONS) this.metrics.get('tsukimi_kvpool_replications_total').inc({ reason }, 0);
    }
    if (this.runtime.node) for (const [reason] of SERVER_FAILURES) this.metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason }, 0);
    if (this.runtime.fence) {
      this.metrics.get('tsukimi_kvpool_stale_epoch_answers_total');
      this.metrics.get('tsukimi_kvpool_stale_epoch_commands_total');
    }
  }

  async refresh(): Promise<void> {
    this.usage();
    this.dataPlane();
    this.epochs();
    await this.leadership();
  }

  /** The master's tenure and failed tries at the lease; the highest epoch a node has heard. */
  private epochs(): void {
    const { leadership, fence } = this.runtime;
    if (fence) this.metrics.get('tsukimi_kvpool_fence_epoch').set(fence.highestEpoch);
    if (leadership === undefined) return;
    this.metrics.get('tsukimi_kvpool_leader_epoch').set(leadership.epoch() ?? 0);
    const refused = leadership.refusedAcquisitions - this.refusedAcquisitionsSeen;
    if (refused > 0) this.metrics.get('tsukimi_kvpool_leader_lease_refusals_total').inc(refused);
    this.refusedAcquisitionsSeen = leadership.refusedAcquisitions;
  }

  private usage(): void {
    const usage = this.runtime.node?.usage();
    if (usage === undefined) return;
    for (const [tier, u] of Object.entries(usage)) {
      if (u === undefined) continue;
      this.metrics.get('tsukimi_kvpool_used_bytes').set({ tier }, u.usedBytes);
      this.metrics.get('tsukimi_kvpool_capacity_bytes').set({ tier }, u.capacityBytes);
      this.metrics.get('tsukimi_kvpool_held_blocks').set({ tier }, u.blocks);
    }
  }

  private dataPlane(): void {
    const stats = this.runtime.dataPlaneStats?.();
    if (stats === undefined) return;
    for (const [reason, counter] of SERVER_FAILURES) {
      const grown = stats[counter] - (this.seen?.[counter] ?? 0);
      if (grown > 0) this.metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason }, grown);
    }
    const refused = stats.unauthenticatedConnectionsTotal - (this.seen?.unauthenticatedConnectionsTotal ?? 0);
    if (refused > 0) this.metrics.get('tsukimi_service_auth_refusals_total').inc({ plane: 'data' }, refused);
    this.seen = stats;
  }

  /** A standby reads 0 for what only the leader counts, so a sum over masters counts each block once. */
  private async leadership(): Promise<void> {
    const coordinator = this.runtime.coordinator;
    if (coordinator === undefined) return;
    const leads = this.runtime.isLeader();
    this.metrics.get('tsukimi_kvpool_leader').set(leads ? 1 : 0);
    if (!leads) {
      this.setProtections({ leased: 0, softPinned: 0, hardPinned: 0 });
      this.censusAtMs = Number.NEGATIVE_INFINITY;
      return;
    }
    const nowMs = this.nowMs();
    if (nowMs - this.censusAtMs < CENSUS_INTERVAL_MS) return;
    this.censusAtMs = nowMs;
    this.setProtections(await coordinator.master.protections());
  }

  private setProtections(census: { readonly leased: number; readonly softPinned: number; readonly hardPinned: number }): void {
    this.metrics.get('tsukimi_kvpool_leased_blocks').set(census.leased);
    this.metrics.get('tsukimi_kvpool_soft_pinned_blocks').set(census.softPinned);
    this.metrics.get('tsukimi_kvpool_hard_pinned_blocks').set(census.hardPinned);
  }
}
