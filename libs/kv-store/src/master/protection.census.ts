import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry } from '../metadata/block-entry.model';
import { type MetadataStore } from '../metadata/metadata-store.port';

/** Blocks protected from eviction now, by what protects them; a block both leased and pinned counts under each. */
export interface ProtectionCensus {
  readonly leased: number;
  readonly softPinned: number;
  readonly hardPinned: number;
}

/**
 * The protected blocks, kept as entries change: each block's lease and soft-pin end and whether it
 * is hard-pinned, for the blocks that have any. Leases and soft pins end by the clock, not by a
 * write, so a take drops the ones run out by then. One full count at the first take (and after
 * `forget`); from then on a take costs the protections held, not the blocks in the pool.
 *
 * Only writes this master commits are seen (`record`): another master over the same store is not,
 * so `forget` when leadership changes. Writes committed while the first count reads are recorded
 * and applied over it, since a page read before such a write shows the entry as it was.
 */
export class ProtectionTally {
  private readonly leases = new Map<BlockKey, number>();
  private readonly softPins = new Map<BlockKey, number>();
  private readonly hardPins = new Set<BlockKey>();
  private counted = false;
  private counting: Promise<void> | undefined;
  /** Writes committed while a count runs, applied once it ends. */
  private duringCount: [BlockKey, BlockEntry | undefined][] | undefined;
  private generation = 0;

  constructor(private readonly store: MetadataStore) {}

  /** What one committed write leaves of the block's protections (undefined: the entry was deleted). */
  record(key: BlockKey, entry: BlockEntry | undefined): void {
    if (this.duringCount !== undefined) this.duringCount.push([key, entry]);
    else if (this.counted) this.apply(key, entry);
  }

  async take(nowMs: number): Promise<ProtectionCensus> {
    if (!this.counted) await (this.counting ??= this.count(nowMs));
    return { leased: liveCount(this.leases, nowMs), softPinned: liveCount(this.softPins, nowMs), hardPinned: this.hardPins.size };
  }

  forget(): void {
    this.generation += 1;
    this.counted = false;
    this.counting = undefined;
    this.duringCount = undefined;
    this.leases.clear();
    this.softPins.clear();
    this.hardPins.clear();
  }

  /** Reads every entry once, keeping the protections still running at `nowMs`; a `forget` meanwhile discards what it found. */
  private async count(nowMs: number): Promise<void> {
    const generation = this.generation;
    const found: BlockEntry[] = [];
    this.duringCount = [];
    try {
      for await (const page of this.store.scanEntries()) {
        if (generation !== this.generation) return;
        for (const entry of page) if (entry.leaseExpiresAtMs > nowMs || entry.softPinExpiresAtMs > nowMs || entry.hardPinned) found.push(entry);
      }
      if (generation !== this.generation) return;
      for (const entry of found) this.apply(entry.key, entry);
      for (const [key, entry] of this.duringCount) this.apply(key, entry);
      this.counted = true;
    } finally {
      if (generation === this.generation) {
        this.duringCount = undefined;
        this.counting = undefined;
      }
    }
  }

  private apply(key: BlockKey, entry: BlockEntry | undefined): void {
    keepEnd(this.leases, key, entry?.leaseExpiresAtMs ?? 0);
    keepEnd(this.softPins, key, entry?.softPinExpiresAtMs ?? 0);
    if (entry?.hardPinned === true) this.hardPins.add(key);
    else this.hardPins.delete(key);
  }
}

function keepEnd(ends: Map<BlockKey, number>, key: BlockKey, endMs: number): void {
  if (endMs > 0) ends.set(key, endMs);
  else ends.delete(key);
}

/** How many ends are still ahead of `nowMs`, dropping the rest: a block is protected while its end is after now. */
function liveCount(ends: Map<BlockKey, number>, nowMs: number): number {
  for (const [key, endMs] of ends) if (endMs <= nowMs) ends.delete(key);
  return ends.size;
}
