import { ok, type Result } from '@tsukimi/result';
import { type Clock, type Logger, silentLogger } from '@tsukimi/telemetry';
import { compileLeaderLeaseOptions, type CompiledLeaderLeaseOptions, type LeaderLeaseOptions } from './leader-lease.options';
import { type LeaseStore, type LeaseStoreUnavailable, type LeaseTenure } from './lease-store.port';
import { type CancelTimer, type Timers } from './timers.port';

export type LeaderState = 'follower' | 'leader' | 'stopped';

/** `lost`: another owner holds the lease; `expired`: no renewal got through in time; `stopped`: `stop()` was called. */
export type DemotionReason = 'lost' | 'expired' | 'stopped';

export interface LeaderLeaseDeps {
  readonly store: LeaseStore;
  /** Names this candidate in the store; unique per process (host and pid, or a random id). */
  readonly owner: string;
  /** Only `monotonicMs()` is read: the lease's local deadline must not jump with the wall clock. */
  readonly clock: Clock;
  readonly timers: Timers;
  readonly options?: LeaderLeaseOptions;
  /** Called when this candidate becomes leader, with its tenure's epoch. Must not throw. */
  readonly onElected?: (epoch: number) => void;
  /** Called when it stops being leader. Must not throw. */
  readonly onDemoted?: (reason: DemotionReason) => void;
  readonly logger?: Logger;
}

/**
 * Leader election over a LeaseStore. A follower tries to take the lease every retry interval; the
 * leader renews it every renew interval. The leader's own deadline runs from when it sent the
 * last successful request, less the drift margin, so it demotes itself before the store can hand
 * the lease to anyone else, even when the store stops answering. Safety does not rest on this
 * alone: the master's writes are compare-and-swaps, so a deposed leader that is still writing
 * cannot corrupt the metadata; the lease only keeps one master serving at a time.
 */
export class LeaderLease {
  readonly options: CompiledLeaderLeaseOptions;
  private stateName: LeaderState = 'follower';
  private started = false;
  private heldUntilMs = 0;
  private heldEpoch = 0;
  private refusedTotal = 0;
  private cancelStep: CancelTimer | undefined;
  private cancelExpiry: CancelTimer | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private readonly logger: Logger;

  constructor(private readonly deps: LeaderLeaseDeps) {
    this.options = compileLeaderLeaseOptions(deps.options);
    this.logger = (deps.logger ?? silentLogger).child({ owner: deps.owner });
  }

  get state(): LeaderState {
    return this.stateName;
  }

  /** Whether this candidate leads now: it holds the lease and its local deadline has not passed. */
  isLeader(): boolean {
    return this.stateName === 'leader' && this.deps.clock.monotonicMs() < this.heldUntilMs;
  }

  /**
   * The epoch of the tenure this candidate leads in; undefined when it does not lead. Whatever the
   * leader tells storage nodes carries it, so that they can refuse a deposed leader's word.
   */
  epoch(): number | undefined {
    return this.isLeader() ? this.heldEpoch : undefined;
  }

  /**
   * How many of this candidate's tries to take the lease found another holder. A follower tries
   * every retry interval, so after the leader dies this grows by about ttl / retry interval until
   * the lease lapses and the follower wins: a failover told in lease periods, not wall time.
   */
  get refusedAcquisitions(): number {
    return this.refusedTotal;
  }

  /** Starts campaigning at once; calling it again does nothing. */
  start(): void {
    if (this.started || this.stateName === 'stopped') return;
    this.started = true;
    this.runStep();
  }

  /** Stops campaigning and frees the lease if held, so a standby takes over without waiting out the TTL. */
  async stop(): Promise<void> {
    if (this.stateName === 'stopped') return;
    const wasLeader = this.stateName === 'leader';
    this.stateName = 'stopped';
    this.cancelStep?.();
    this.cancelExpiry?.();
    await this.inflight;
    const released = await this.deps.store.release(this.deps.owner);
    if (!released.ok) this.logger.warn('leader lease not released', { reason: released.error.reason });
    if (wasLeader) this.notifyDemoted('stopped');
  }

  private runStep(): void {
    this.cancelStep = undefined;
    this.inflight = this.step().catch((error: unknown) => this.logger.error('leader lease step failed', { error }));
  }

  private async step(): Promise<void> {
    const { store, owner, clock } = this.deps;
    const sentAtMs = clock.monotonicMs();
    const leading = this.stateName === 'leader';
    const answer = leading ? await this.renew() : await store.tryAcquire(owner, this.options.ttlMs);
    if (this.stateName === 'stopped') return;
    if (!answer.ok) this.logger.warn(leading ? 'leader lease renewal failed' : 'leader lease acquisition failed', { reason: answer.error.reason });
    else if (answer.value !== undefined) this.hold(sentAtMs, answer.value.epoch);
    else if (this.stateName === 'leader') this.demote('lost');
    else this.refusedTotal += 1;
    const delayMs = this.stateName === 'leader' ? this.options.renewIntervalMs : this.options.retryIntervalMs;
    this.cancelStep = this.deps.timers.schedule(delayMs, () => this.runStep());
  }

  /** A renewal keeps the tenure, and so its epoch. */
  private async renew(): Promise<Result<LeaseTenure | undefined, LeaseStoreUnavailable>> {
    const renewed = await this.deps.store.renew(this.deps.owner, this.options.ttlMs);
    return renewed.ok ? ok(renewed.value ? { epoch: this.heldEpoch } : undefined) : renewed;
  }

  /** The store answered that we hold the lease, counted from when we asked; an answer that came too late is no use. */
  private hold(sentAtMs: number, epoch: number): void {
    const heldUntilMs = sentAtMs + this.options.ttlMs - this.options.driftMarginMs;
    const leftMs = heldUntilMs - this.deps.clock.monotonicMs();
    if (leftMs <= 0) {
      this.demote('expired');
      return;
    }
    this.heldUntilMs = heldUntilMs;
    this.heldEpoch = epoch;
    this.cancelExpiry?.();
    this.cancelExpiry = this.deps.timers.schedule(leftMs, () => this.demote('expired'));
    if (this.stateName === 'leader') return;
    this.stateName = 'leader';
    this.logger.info('elected leader', { ttlMs: this.options.ttlMs, epoch });
    this.deps.onElected?.(epoch);
  }

  private demote(reason: DemotionReason): void {
    if (this.stateName !== 'leader') return;
    this.stateName = 'follower';
    this.heldUntilMs = 0;
    this.cancelExpiry?.();
    this.cancelExpiry = undefined;
    this.notifyDemoted(reason);
  }

  private notifyDemoted(reason: DemotionReason): void {
    if (reason === 'stopped') this.logger.info('leader lease released', { reason });
    else this.logger.warn('demoted from leader', { reason });
    this.deps.onDemoted?.(reason);
  }
}
