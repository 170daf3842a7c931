import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type ColocatedPool } from '@tsukimi/kv-store';
import { LOGGER, Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type KvPoolConfig } from './kvpool.config';
import { KVPOOL_CONFIG, POOL } from './kvpool.tokens';

/**
 * The pool's periodic work: heartbeat, expiry of abandoned puts, watermark eviction carried out
 * on the node, and the usage gauges. One pass at a time; a slow pass delays the next.
 */
@Injectable()
export class PoolMaintenance implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(POOL) private readonly pool: ColocatedPool,
    @Inject(KVPOOL_CONFIG) private readonly config: KvPoolConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.metrics.get('tsukimi_kvpool_hits_total');
    this.metrics.get('tsukimi_kvpool_misses_total');
    this.metrics.get('tsukimi_kvpool_evictions_total');
    this.refreshGauges();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.pool.leave();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => this.schedule());
    }, this.config.maintenanceIntervalMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    try {
      const report = await this.pool.maintain();
      const evicted = report.applied.demoted + report.applied.deleted;
      if (evicted > 0) this.metrics.get('tsukimi_kvpool_evictions_total').inc(evicted);
      if (report.tick.revokedPuts.length > 0) this.logger.warn('abandoned puts revoked', { blocks: report.tick.revokedPuts.length });
      this.refreshGauges();
    } catch (error) {
      this.logger.error('pool maintenance failed', { error: String(error) });
    }
  }

  private refreshGauges(): void {
    const usage = this.pool.node.usage();
    const used = this.metrics.get('tsukimi_kvpool_usage_bytes');
    const capacity = this.metrics.get('tsukimi_kvpool_capacity_bytes');
    for (const [tier, u] of Object.entries(usage)) {
      if (u === undefined) continue;
      used.set({ tier }, u.usedBytes);
      capacity.set({ tier }, u.capacityBytes);
    }
  }
}
