import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type KvPoolConfig } from './kvpool.config';
import { KVPOOL_CONFIG, RUNTIME } from './kvpool.tokens';
import { PoolGauges } from './pool.gauges';
import { type PassSummary, type PoolRuntime } from './pool.runtime';

/**
 * How often a pass runs: a node heartbeats on its interval, a master decides expiry, eviction and
 * replication on its own, and a standalone pool (both in one process) does both at the shorter one.
 */
export function maintenanceIntervalMs(config: Pick<KvPoolConfig, 'heartbeatIntervalMs' | 'maintenanceIntervalMs'>, roles: { readonly node: boolean; readonly coordinator: boolean }): number {
  if (!roles.coordinator) return config.heartbeatIntervalMs;
  if (!roles.node) return config.maintenanceIntervalMs;
  return Math.min(config.heartbeatIntervalMs, config.maintenanceIntervalMs);
}

/**
 * The pool's periodic work: the master's expiry and eviction decisions, a node's heartbeat (which
 * brings the master's commands) and the pool's gauges. One pass at a time; a slow pass delays the
 * next rather than overlapping it.
 */
@Injectable()
export class PoolMaintenance implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private masterReachable = true;
  private readonly gauges: PoolGauges;

  constructor(
    @Inject(RUNTIME) private readonly runtime: PoolRuntime,
    @Inject(KVPOOL_CONFIG) private readonly config: KvPoolConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.gauges = new PoolGauges(runtime, metrics);
  }

  async onModuleInit(): Promise<void> {
    this.gauges.declare();
    await this.refreshGauges();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.runtime.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    const intervalMs = maintenanceIntervalMs(this.config, { node: this.runtime.node !== undefined, coordinator: this.runtime.coordinator !== undefined });
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => this.schedule());
    }, intervalMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    try {
      const summary = await this.runtime.pass();
      for (const [tier, evicted] of Object.entries(summary.evicted)) this.metrics.get('tsukimi_kvpool_evictions_total').inc({ tier }, evicted);
      this.replications(summary.replications);
      if (summary.revokedPuts > 0) this.logger.warn('abandoned puts revoked', { blocks: summary.revokedPuts });
      if (summary.departedNodes > 0) this.logger.warn('silent nodes removed with their replicas', { nodes: summary.departedNodes });
      if (summary.staleEpoch) this.staleEpoch(summary.staleEpoch);
      if (summary.reachedMaster !== this.masterReachable) {
        this.masterReachable = summary.reachedMaster;
        if (summary.reachedMaster) this.logger.info('master reachable again');
        else this.logger.warn('master unreachable; will retry', { masterAddress: this.config.masterAddress });
      }
      await this.refreshGauges();
    } catch (error) {
      this.logger.error('pool maintenance failed', { error: String(error) });
    }
  }

  /** A master answered in an epoch older than one this node has seen: it was deposed and does not know it yet. */
  private staleEpoch(refusal: NonNullable<PassSummary['staleEpoch']>): void {
    this.metrics.get('tsukimi_kvpool_stale_epoch_answers_total').inc();
    this.metrics.get('tsukimi_kvpool_stale_epoch_commands_total').inc(refusal.refusedCommands);
    this.logger.warn('refused a deposed master\'s answer', refusal);
  }

  private replications(decisions: PassSummary['replications']): void {
    const counter = this.metrics.get('tsukimi_kvpool_replications_total');
    let shortOfRoom = 0;
    for (const decision of decisions) {
      counter.inc({ reason: decision.reason });
      if (decision.reason === 'hot') this.logger.info('hot block replicated', { key: decision.key, nodeId: decision.nodeId, readsInWindow: decision.readsInWindow, sizeBytes: decision.sizeBytes });
      else if (decision.reason === 'cooled') this.logger.info('cooled block replica dropped', { key: decision.key, nodeId: decision.nodeId, readsInWindow: decision.readsInWindow });
      else if (decision.reason === 'failed') this.logger.warn('hot block copy failed', { key: decision.key, nodeId: decision.nodeId, failure: decision.failure, detail: decision.detail });
      else shortOfRoom += 1;
    }
    // Every pass finds a block that stays short again, so these are summed rather than logged one by one.
    if (shortOfRoom > 0) this.logger.debug('hot blocks short of replicas for want of room', { blocks: shortOfRoom });
  }

  private async refreshGauges(): Promise<void> {
    await this.gauges.refresh().catch((error: unknown) => this.logger.warn('pool gauges not refreshed', { error: String(error) }));
  }
}
