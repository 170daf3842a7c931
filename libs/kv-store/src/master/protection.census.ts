import { type MetadataStore } from '../metadata/metadata-store.port';
import { isLeased, isSoftPinned } from '../metadata/block-entry.model';

/** Blocks protected from eviction now, by what protects them; a block both leased and pinned counts under each. */
export interface ProtectionCensus {
  readonly leased: number;
  readonly softPinned: number;
  readonly hardPinned: number;
}

/**
 * Counts leases and pins over every entry, a page at a time. Leases and soft pins end by the
 * clock, not by a write, so no running count could stay true: the count is taken by looking.
 * It reads every entry, so callers take it now and then, not per request.
 */
export async function countProtections(store: MetadataStore, nowMs: number): Promise<ProtectionCensus> {
  let leased = 0;
  let softPinned = 0;
  let hardPinned = 0;
  for await (const page of store.scanEntries()) {
    for (const entry of page) {
      if (isLeased(entry, nowMs)) leased += 1;
      if (isSoftPinned(entry, nowMs)) softPinned += 1;
      if (entry.hardPinned) hardPinned += 1;
    }
  }
  return { leased, softPinned, hardPinned };
}
