import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type IndexEvent } from '../events/index-event.model';
import { replicaEvents } from '../events/replica.diff';
import { type BlockEntry, type BlockEntryDraft } from '../metadata/block-entry.model';
import { type MetadataStore } from '../metadata/metadata-store.port';
import { type Contention } from './store.errors';

/** What to do with an entry as read: leave it (answering `value`), or replace it with `next` (undefined deletes). */
export type EntryDecision<T> = { readonly write: false; readonly value: T } | { readonly write: true; readonly next: BlockEntryDraft | undefined; readonly value: T };

export const keep = <T>(value: T): EntryDecision<T> => ({ write: false, value });
export const replace = <T>(next: BlockEntryDraft | undefined, value: T): EntryDecision<T> => ({ write: true, next, value });

/**
 * Every master write goes through here: read, decide (a pure function of the entry), compare-and-
 * swap with the index events the change means, and on a conflict decide again on the fresh entry.
 * Committed events go to `publish` for live subscribers.
 */
export class EntryWriter {
  /** Entries this writer changed so far: a change count for whoever caches what the entries say. */
  committed = 0;

  constructor(
    private readonly store: MetadataStore,
    private readonly publish: (events: readonly IndexEvent[]) => void,
    private readonly maxAttempts = 16,
  ) {}

  async update<T>(key: BlockKey, decide: (current: BlockEntry | undefined) => EntryDecision<T>): Promise<Result<T, Contention>> {
    const [current] = await this.store.getEntries([key]);
    return this.updateFrom(key, current, decide);
  }

  /**
   * `update` from an entry the caller already read (one read for a whole batch): a stale one
   * only costs a conflict, after which the decision is made again on the fresh entry.
   */
  async updateFrom<T>(key: BlockKey, read: BlockEntry | undefined, decide: (current: BlockEntry | undefined) => EntryDecision<T>): Promise<Result<T, Contention>> {
    let current = read;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      const decision = decide(current);
      if (!decision.write) return ok(decision.value);
      const next = decision.next;
      const swapped = await this.store.swapEntry({ key, expected: current, next, events: replicaEvents(current, next) });
      if (swapped.ok) {
        this.committed += 1;
        this.publish(swapped.value.events);
        return ok(decision.value);
      }
      current = swapped.error.current;
    }
    return err({ kind: 'contention', key });
  }

  /** `update` for decisions that are themselves results: a contention joins the decision's own errors. */
  async updateResult<T, E>(key: BlockKey, decide: (current: BlockEntry | undefined) => EntryDecision<Result<T, E>>): Promise<Result<T, E | Contention>> {
    const outcome = await this.update(key, decide);
    return outcome.ok ? outcome.value : outcome;
  }

  /** `updateFrom` for decisions that are themselves results. */
  async updateResultFrom<T, E>(key: BlockKey, read: BlockEntry | undefined, decide: (current: BlockEntry | undefined) => EntryDecision<Result<T, E>>): Promise<Result<T, E | Contention>> {
    const outcome = await this.updateFrom(key, read, decide);
    return outcome.ok ? outcome.value : outcome;
  }
}
