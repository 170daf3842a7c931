import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '../instance.model';
import { type PoolIndexEvent, type PoolIndexSnapshot, type PoolReplica, type PoolSyncOutcome } from './pool-index.events';
import { PrefixHolderTable } from './prefix-holder.table';
import { type PrefixLocation, type PrefixLookup, type PrefixMatch } from './prefix-location.model';
import { TablePrefixMatch } from './table-prefix.match';

/** Told of every change to the pool's part of the index, in log order (to serve the stream on to others). */
export interface PoolIndexObserver {
  /** A snapshot replaced the pool's holdings. */
  loaded(): void;
  /** The next event of the log was applied. */
  applied(event: PoolIndexEvent): void;
}

export interface GlobalPrefixIndexOptions {
  /** Blocks remembered per instance's own memory, least recently reported forgotten first: its arena evicts too. */
  readonly deviceCapacityBlocks: number;
}

/**
 * Where every cached block is, by tier: instances' own memory (from their reports) and each
 * kvpool node's DRAM and SSD (from the master's event stream). A stale entry costs a wrong
 * estimate and a recompute, never a wrong token, so the index may lag; it must not skip events
 * silently, so a gap or a new epoch stops it until a snapshot is loaded.
 */
export class GlobalPrefixIndex implements PrefixLookup {
  private readonly table = new PrefixHolderTable();
  private epochName = '';
  private last = 0;
  private stale: 'gap' | 'epoch' | 'no-snapshot' | undefined = 'no-snapshot';
  private observer: PoolIndexObserver | undefined;

  constructor(private readonly options: GlobalPrefixIndexOptions) {}

  get epoch(): string {
    return this.epochName;
  }

  get lastEventId(): number {
    return this.last;
  }

  /** Set when events were refused; the owner loads a fresh snapshot. */
  get resyncNeeded(): boolean {
    return this.stale !== undefined;
  }

  /** Replaces every pool node's holdings with the snapshot's; instance reports are kept. */
  load(snapshot: PoolIndexSnapshot): void {
    for (let ordinal = 0; ordinal < this.table.locationCount; ordinal++) {
      if (this.table.location(ordinal).tier !== 'device') this.table.clear(ordinal);
    }
    for (const replica of snapshot.replicas) this.store(replica);
    this.epochName = snapshot.epoch;
    this.last = snapshot.lastEventId;
    this.stale = undefined;
    this.observer?.loaded();
  }

  /** Sets the one observer of the pool's changes. */
  observe(observer: PoolIndexObserver): void {
    this.observer = observer;
  }

  /** Applies events in id order. One already reflected is skipped; a skipped id or another epoch calls for a snapshot. */
  applyEvents(epoch: string, events: readonly PoolIndexEvent[]): PoolSyncOutcome {
    if (this.stale === undefined && epoch !== this.epochName) this.stale = 'epoch';
    if (this.stale !== undefined) return { kind: 'resync-needed', reason: this.stale };
    let applied = 0;
    let duplicates = 0;
    for (const event of events) {
      if (event.id <= this.last) {
        duplicates++;
        continue;
      }
      if (event.id !== this.last + 1) {
        this.stale = 'gap';
        return { kind: 'resync-needed', reason: 'gap' };
      }
      if (event.kind === 'stored') this.store(event);
      else this.unstore(event);
      this.last = event.id;
      applied++;
      this.observer?.applied(event);
    }
    return { kind: 'applied', applied, duplicates };
  }

  /** Records that `instance` now holds `keys` in its own memory (most recent last). */
  reportDevice(instance: InstanceId, keys: readonly BlockKey[]): void {
    const ordinal = this.table.ordinal('device', instance);
    for (const key of keys) this.table.add(ordinal, key);
    this.table.trim(ordinal, this.options.deviceCapacityBlocks);
  }

  /** Records that `instance` evicted `keys`. */
  evictDevice(instance: InstanceId, keys: readonly BlockKey[]): void {
    const ordinal = this.table.find('device', instance);
    if (ordinal !== undefined) for (const key of keys) this.table.remove(ordinal, key);
  }

  /** Forgets an instance's memory: it died, restarted or left. */
  forgetInstance(instance: InstanceId): void {
    const ordinal = this.table.find('device', instance);
    if (ordinal !== undefined) this.table.clear(ordinal);
  }

  match(keys: readonly BlockKey[], words?: Uint32Array): PrefixMatch {
    return new TablePrefixMatch(this.table, this.table.prefixLengths(keys, words));
  }

  matchWords(words: Uint32Array): PrefixMatch {
    return new TablePrefixMatch(this.table, this.table.prefixLengthsOfWords(words));
  }

  /** Leading blocks of `keys` in `instance`'s own memory: the `ClusterSnapshot` question. */
  cachedPrefixBlocks(instance: InstanceId, keys: readonly BlockKey[]): number {
    const ordinal = this.table.find('device', instance);
    return ordinal === undefined ? 0 : this.table.prefixBlocks(ordinal, keys);
  }

  /** Where `key` is held now: instances' memory and pool nodes' tiers. */
  locationsOf(key: BlockKey): readonly PrefixLocation[] {
    return this.table.locationsOf(key);
  }

  /** Every pool node's replica as the index holds it now (instances' memory left out): the state as of `lastEventId`. */
  *poolReplicas(): Generator<PoolReplica> {
    for (let ordinal = 0; ordinal < this.table.locationCount; ordinal++) {
      const location = this.table.location(ordinal);
      if (location.tier === 'device') continue;
      for (const key of this.table.keysHeldAt(ordinal)) yield { key, nodeId: location.node, tier: location.tier };
    }
  }

  /**
   * Blocks in `instance`'s own memory that no other instance and no pool tier holds: what the
   * cluster loses if it goes without a drain. One pass over its blocks; asked on scale-in only.
   */
  soleDeviceBlocks(instance: InstanceId): BlockKey[] {
    const ordinal = this.table.find('device', instance);
    if (ordinal === undefined) return [];
    const sole: BlockKey[] = [];
    for (const key of this.table.keysHeldAt(ordinal)) if (this.table.locationsOf(key).length === 1) sole.push(key);
    return sole;
  }

  /** Distinct blocks held anywhere, for metrics. */
  get blockCount(): number {
    return this.table.blockCount;
  }

  /** Blocks known at one location, for metrics and tests. */
  heldBlocks(tier: PrefixLocation['tier'], id: string): number {
    const ordinal = this.table.find(tier, id);
    return ordinal === undefined ? 0 : this.table.heldBlocks(ordinal);
  }

  private store(replica: PoolReplica): void {
    const ordinal = this.table.ordinal(replica.tier, replica.nodeId);
    this.table.add(ordinal, replica.key);
    if (replica.tier === 'device') this.table.trim(ordinal, this.options.deviceCapacityBlocks);
  }

  private unstore(replica: PoolReplica): void {
    const ordinal = this.table.find(replica.tier, replica.nodeId);
    if (ordinal !== undefined) this.table.remove(ordinal, replica.key);
  }
}
