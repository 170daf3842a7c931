import { type ClientReadableStream, credentials } from '@grpc/grpc-js';
import { type InstanceRegistry, type PoolMasters } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { type IndexUpdate__Output, indexSubscribeMethod, type KvPoolIndexClient, tsukimiProto } from '@tsukimi/proto';
import { type PoolIndexEvent, type PoolReplica } from '@tsukimi/scheduler';
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

const TIERS = new Set(['device', 'dram', 'ssd']);

/**
 * Keeps the conductor's prefix index in step with the kvpool master's: subscribes to its index
 * stream, loads the snapshot pages, applies events in id order, and on a gap, a new epoch or a
 * broken stream subscribes again (to the next master when there are standbys), resuming after
 * the last event it applied or starting over from a snapshot. It follows the masters' set as it
 * changes: a master that goes has its stream ended and its channel closed, and with no master
 * at all it waits for one to come.
 */
export class PoolIndexFollower {
  private readonly stubs = new Map<string, KvPoolIndexClient>();
  /** The masters in their given order: after a failure the next one is tried. */
  private order: readonly string[] = [];
  /** The master the stream is on, or the one to try next. */
  private target: string | undefined;
  private stream: ClientReadableStream<IndexUpdate__Output> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pages: PoolReplica[] = [];
  private connected = false;
  private unfollow: (() => void) | undefined;

  constructor(
    private readonly masters: PoolMasters,
    private readonly registry: InstanceRegistry,
    private readonly logger: Logger,
    private readonly retryMs = 500,
    /** Shown on the subscription: a master holding tokens refuses a follower without one. */
    private readonly tokens?: Pick<ServiceTokens, 'sending'>,
  ) {}

  start(): void {
    this.unfollow = this.masters.onChange((addresses) => this.follow(addresses));
    this.follow(this.masters.current());
  }

  /** Whether the index reflects the pool now (a snapshot loaded and no gap since). */
  get inStep(): boolean {
    return this.connected && !this.registry.index.resyncNeeded;
  }

  /** The masters it holds a channel to: exactly the current set. */
  channels(): readonly string[] {
    return [...this.stubs.keys()];
  }

  stop(): void {
    this.stopped = true;
    this.unfollow?.();
    clearTimeout(this.retryTimer);
    this.stream?.cancel();
    for (const stub of this.stubs.values()) stub.close();
    this.stubs.clear();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private follow(addresses: readonly string[]): void {
    if (this.stopped) return;
    this.order = addresses;
    if (this.target !== undefined && !addresses.includes(this.target)) {
      this.target = undefined;
      const stream = this.stream;
      this.stream = undefined;
      this.connected = false;
      stream?.cancel();
    }
    for (const [address, stub] of this.stubs) {
      if (addresses.includes(address)) continue;
      stub.close();
      this.stubs.delete(address);
    }
    const { KvPoolIndex } = tsukimiProto().tsukimi.v1;
    for (const address of addresses) if (!this.stubs.has(address)) this.stubs.set(address, new KvPoolIndex(address, credentials.createInsecure(), serviceClientOptions(this.tokens)));
    if (addresses.length > 0 && !this.stream && this.retryTimer === undefined) this.subscribe();
    this.logger.info('following kvpool masters', { masters: addresses.join(',') });
  }

  private subscribe(): void {
    this.retryTimer = undefined;
    if (this.stopped) return;
    const target = this.target ?? this.order[0];
    const stub = target === undefined ? undefined : this.stubs.get(target);
    // No master now: the next change of the set subscribes.
    if (target === undefined || !stub) return;
    this.target = target;
    const index = this.registry.index;
    // Batched: the events of one turn of the master's event loop (a put's blocks) come in one message.
    const resume = { ...(index.resyncNeeded ? { epoch: '', afterId: 0 } : { epoch: index.epoch, afterId: index.lastEventId }), batched: true };
    this.pages = [];
    // The stub's Subscribe, with each update read in one pass rather than decoded and copied by the loader.
    const method = indexSubscribeMethod();
    const stream: ClientReadableStream<IndexUpdate__Output> = stub.makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, resume);
    this.stream = stream;
    stream.on('data', (update: IndexUpdate__Output) => this.onUpdate(update, stream));
    stream.on('error', () => this.retry(stream));
    stream.on('end', () => this.retry(stream));
  }

  private onUpdate(update: IndexUpdate__Output, stream: ClientReadableStream<IndexUpdate__Output>): void {
    const index = this.registry.index;
    if (update.snapshot) {
      for (const r of update.snapshot.replicas) if (TIERS.has(r.tier)) this.pages.push({ key: r.key as BlockKey, nodeId: r.nodeId, tier: r.tier as PoolReplica['tier'] });
      if (!update.snapshot.lastPage) return;
      index.load({ epoch: update.snapshot.epoch, lastEventId: Number(update.snapshot.lastEventId), replicas: this.pages });
      this.pages = [];
      if (!this.connected) this.logger.info('following the pool index', { blocks: index.blockCount, epoch: update.snapshot.epoch });
      this.connected = true;
      return;
    }
    const events = poolEventsOf(update);
    if (events.length === 0) return;
    this.connected = true;
    const outcome = index.applyEvents(index.epoch, events);
    if (outcome.kind === 'resync-needed') {
      this.logger.warn('pool index out of step; loading a snapshot', { reason: outcome.reason });
      stream.cancel();
    }
  }

  private retry(stream: ClientReadableStream<IndexUpdate__Output>): void {
    if (this.stopped || stream !== this.stream) return;
    this.stream = undefined;
    this.connected = false;
    const at = this.target === undefined ? -1 : this.order.indexOf(this.target);
    this.target = this.order.length > 0 ? this.order[(at + 1) % this.order.length] : undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.subscribe(), this.retryMs);
    this.retryTimer.unref();
  }
}

/** The index events of a live update, one event or a batch (a master that predates batches sends one per message); those of unknown tiers or kinds left out. */
export function poolEventsOf(update: IndexUpdate__Output): PoolIndexEvent[] {
  const wire = update.events ? update.events.events : update.event ? [update.event] : [];
  const events: PoolIndexEvent[] = [];
  for (const e of wire) {
    if (!TIERS.has(e.tier) || (e.kind !== 'stored' && e.kind !== 'removed')) continue;
    events.push({ id: Number(e.id), kind: e.kind, key: e.key as BlockKey, nodeId: e.nodeId, tier: e.tier as PoolReplica['tier'] });
  }
  return events;
}
