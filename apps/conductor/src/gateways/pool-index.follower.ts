import { type ClientReadableStream, credentials } from '@grpc/grpc-js';
import { type Address } from '@tsukimi/config';
import { type InstanceRegistry } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { type IndexUpdate__Output, type KvPoolIndexClient, tsukimiProto } from '@tsukimi/proto';
import { type PoolReplica } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';

const TIERS = new Set(['device', 'dram', 'ssd']);

/**
 * Keeps the conductor's prefix index in step with the kvpool master's: subscribes to its index
 * stream, loads the snapshot pages, applies events in id order, and on a gap, a new epoch or a
 * broken stream subscribes again (to the next master address when there are standbys), resuming
 * after the last event it applied or starting over from a snapshot.
 */
export class PoolIndexFollower {
  private readonly stubs: KvPoolIndexClient[];
  private current = 0;
  private stream: ClientReadableStream<IndexUpdate__Output> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pages: PoolReplica[] = [];
  private connected = false;

  constructor(
    masters: readonly Address[],
    private readonly registry: InstanceRegistry,
    private readonly logger: Logger,
    private readonly retryMs = 500,
  ) {
    const { KvPoolIndex } = tsukimiProto().tsukimi.v1;
    this.stubs = masters.map((m) => new KvPoolIndex(`${m.host}:${m.port}`, credentials.createInsecure()));
  }

  start(): void {
    this.subscribe();
  }

  /** Whether the index reflects the pool now (a snapshot loaded and no gap since). */
  get inStep(): boolean {
    return this.connected && !this.registry.index.resyncNeeded;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stream?.cancel();
    for (const stub of this.stubs) stub.close();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private subscribe(): void {
    if (this.stopped) return;
    const index = this.registry.index;
    const resume = index.resyncNeeded ? { epoch: '', afterId: 0 } : { epoch: index.epoch, afterId: index.lastEventId };
    this.pages = [];
    const stream = this.stubs[this.current]!.subscribe(resume);
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
    const e = update.event;
    if (!e || !TIERS.has(e.tier) || (e.kind !== 'stored' && e.kind !== 'removed')) return;
    this.connected = true;
    const outcome = index.applyEvents(index.epoch, [{ id: Number(e.id), kind: e.kind, key: e.key as BlockKey, nodeId: e.nodeId, tier: e.tier as PoolReplica['tier'] }]);
    if (outcome.kind === 'resync-needed') {
      this.logger.warn('pool index out of step; loading a snapshot', { reason: outcome.reason });
      stream.cancel();
    }
  }

  private retry(stream: ClientReadableStream<IndexUpdate__Output>): void {
    if (this.stopped || stream !== this.stream) return;
    this.stream = undefined;
    this.connected = false;
    this.current = (this.current + 1) % this.stubs.length;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.subscribe(), this.retryMs);
    this.retryTimer.unref();
  }
}
