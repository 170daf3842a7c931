import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry } from '../metadata/block-entry.model';

/** Pending entries kept at most; past it the oldest go, and their put ends read the store. */
const DEFAULT_LIMIT = 65_536;

/**
 * The pending entries this master committed, as stored, each until this master's next write of it
 * (the put's end, a revoke, an expiry, a dropped replica) or a `forget`: a put end decides on the
 * kept entry instead of reading it first. Kept from every commit of the master's writer, so it says
 * what a read would answer while this master is the only writer; an entry another writer changed
 * meanwhile costs a conflict and a fresh decision on the current entry, as a stale read does.
 */
export class StartedPuts {
  private readonly entries = new Map<BlockKey, BlockEntry>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  record(key: BlockKey, entry: BlockEntry | undefined): void {
    this.entries.delete(key);
    if (entry?.status !== 'pending') return;
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get(key: BlockKey): BlockEntry | undefined {
    return this.entries.get(key);
  }

  /** Drops every kept entry: another master may have written meanwhile (on losing or regaining leadership). */
  forget(): void {
    this.entries.clear();
  }
}
