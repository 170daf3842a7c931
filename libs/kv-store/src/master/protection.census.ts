import { type MetadataStore } from '../metadata/metadata-store.port';
import { isLeased, isSoftPinned } from '../metadata/block-entry.model';

/** Blocks protected from eviction now, by what protects them; a block both leased and pinned counts under each. */
export interface ProtectionCensus {
  readonly leased: number;
  readonly softPinned: number;
  readonly hardPinned: number;
}

/** A census and the first moment a lease or soft pin it counted runs out (Infinity when none will). */
export interface TimedCensus {
  readonly census: ProtectionCensus;
  readonly changesAtMs: number;
}

/**
 * Counts leases and pins over every entry, a page at a time. Leases and soft pins end by the
 * clock, not by a write, so no running count could stay true: the count is taken by looking, and
 * says when the clock alone will change it. It reads every entry, so callers take it now and then.
 */
export async function countProtections(store: MetadataStore, nowMs: number): Promise<TimedCensus> {
  let leased = 0;
  let softPinned = 0;
  let hardPinned = 0;
  let changesAtMs = Number.POSITIVE_INFINITY;
  for await (const page of store.scanEntries()) {
    for (const entry of page) {
      if (isLeased(entry, nowMs)) {
        leased += 1;
        changesAtMs = Math.min(changesAtMs, entry.leaseExpiresAtMs);
      }
      if (isSoftPinned(entry, nowMs)) {
        softPinned += 1;
        changesAtMs = Math.min(changesAtMs, entry.softPinExpiresAtMs);
      }
      if (entry.hardPinned) hardPinned += 1;
    }
  }
  return { census: { leased, softPinned, hardPinned }, changesAtMs };
}

/**
 * The last census, kept while it stays true: until this master writes an entry or a counted
 * lease or soft pin runs out. An idle master then answers without reading a single entry.
 * Writes by another master over the same store are not seen: `forget` when leadership changes.
 */
export class ProtectionCensusCache {
  private last: (TimedCensus & { readonly writes: number }) | undefined;

  constructor(
    private readonly store: MetadataStore,
    private readonly writes: () => number,
  ) {}

  async take(nowMs: number): Promise<ProtectionCensus> {
    const writes = this.writes();
    if (this.last !== undefined && this.last.writes === writes && nowMs < this.last.changesAtMs) return this.last.census;
    const counted = await countProtections(this.store, nowMs);
    this.last = { ...counted, writes };
    return counted.census;
  }

  forget(): void {
    this.last = undefined;
  }
}
