import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type IndexEvent } from '../events/index-event.model';
import { replicaEvents } from '../events/replica.diff';
import { type BlockEntry, type BlockEntryDraft } from '../metadata/block-entry.model';
import { type EntryChange, type EntryCommitted, type MetadataStore } from '../metadata/metadata-store.port';
import { type Contention } from './store.errors';

/** What to do with an entry as read: leave it (answering `value`), or replace it with `next` (undefined deletes). */
export type EntryDecision<T> = { readonly write: false; readonly value: T } | { readonly write: true; readonly next: BlockEntryDraft | undefined; readonly value: T };

export const keep = <T>(value: T): EntryDecision<T> => ({ write: false, value });
export const replace = <T>(next: BlockEntryDraft | undefined, value: T): EntryDecision<T> => ({ write: true, next, value });

/** One entry to update from a read the caller made: its key, the entry as read, and the decision to make on it. */
export interface PlannedUpdate<T> {
  readonly key: BlockKey;
  readonly read: BlockEntry | undefined;
  readonly decide: (current: BlockEntry | undefined) => EntryDecision<T>;
}

/** Told of each entry this writer committed, as stored (undefined: deleted), in commit order. */
export type CommitListener = (key: BlockKey, entry: BlockEntry | undefined) => void;

/**
 * Every master write goes through here: read, decide (a pure function of the entry), compare-and-
 * swap with the index events the change means, and on a conflict decide again on the fresh entry.
 * Committed events go to `publish` for live subscribers.
 */
export class EntryWriter {
  private readonly listeners: CommitListener[] = [];

  constructor(
    private readonly store: MetadataStore,
    private readonly publish: (events: readonly IndexEvent[]) => void,
    private readonly maxAttempts = 16,
  ) {}

  /** Tells `listener` of every later commit: for whoever keeps what the entries say in step with them. */
  watch(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  async update<T>(key: BlockKey, decide: (current: BlockEntry | undefined) => EntryDecision<T>): Promise<Result<T, Contention>> {
    const [current] = await this.store.getEntries([key]);
    return this.updateFrom(key, current, decide);
  }

  /**
   * `update` from an entry the caller already read (one read for a whole batch): a stale one
   * only costs a conflict, after which the decision is made again on the fresh entry.
   */
  updateFrom<T>(key: BlockKey, read: BlockEntry | undefined, decide: (current: BlockEntry | undefined) => EntryDecision<T>): Promise<Result<T, Contention>> {
    return this.retry(key, read, decide, this.maxAttempts);
  }

  /**
   * `updateFrom` for many entries, the first writes of all in one `swapEntries` (over Redis, one
   * script call for the batch rather than one per entry); a write that conflicts is decided again
   * on its fresh entry and retried on its own. Answers in the updates' order. Updates of one key
   * apply in order, so a later one conflicts with the earlier's write and decides again.
   */
  async updateAllFrom<T>(updates: readonly PlannedUpdate<T>[]): Promise<Result<T, Contention>[]> {
    const outcomes: Result<T, Contention>[] = new Array(updates.length);
    const writes: { readonly index: number; readonly value: T; readonly change: EntryChange }[] = [];
    updates.forEach(({ key, read, decide }, index) => {
      const decision = decide(read);
      if (!decision.write) outcomes[index] = ok(decision.value);
      else writes.push({ index, value: decision.value, change: { key, expected: read, next: decision.next, events: replicaEvents(read, decision.next) } });
    });
    const swapped = writes.length === 0 ? [] : await this.store.swapEntries(writes.map((write) => write.change));
    const retries: Promise<void>[] = [];
    swapped.forEach((result, j) => {
      const { index, value } = writes[j]!;
      if (result.ok) {
        this.commit(writes[j]!.change.key, result.value);
        outcomes[index] = ok(value);
      } else {
        const { key, decide } = updates[index]!;
        retries.push(this.retry(key, result.error.current, decide, this.maxAttempts - 1).then((outcome) => void (outcomes[index] = outcome)));
      }
    });
    await Promise.all(retries);
    return outcomes;
  }

  /** `update` for decisions that are themselves results: a contention joins the decision's own errors. */
  async updateResult<T, E>(key: BlockKey, decide: (current: BlockEntry | undefined) => EntryDecision<Result<T, E>>): Promise<Result<T, E | Contention>> {
    const outcome = await this.update(key, decide);
    return outcome.ok ? outcome.value : outcome;
  }

  /** `updateAllFrom` for decisions that are themselves results. */
  async updateAllResultsFrom<T, E>(updates: readonly PlannedUpdate<Result<T, E>>[]): Promise<Result<T, E | Contention>[]> {
    return (await this.updateAllFrom(updates)).map((outcome) => (outcome.ok ? outcome.value : outcome));
  }

  /** Decides on `read` and swaps, deciding again on each conflict's fresh entry, for up to `attempts` swaps. */
  private async retry<T>(key: BlockKey, read: BlockEntry | undefined, decide: (current: BlockEntry | undefined) => EntryDecision<T>, attempts: number): Promise<Result<T, Contention>> {
    let current = read;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const decision = decide(current);
      if (!decision.write) return ok(decision.value);
      const next = decision.next;
      const swapped = await this.store.swapEntry({ key, expected: current, next, events: replicaEvents(current, next) });
      if (swapped.ok) {
        this.commit(key, swapped.value);
        return ok(decision.value);
      }
      current = swapped.error.current;
    }
    return err({ kind: 'contention', key });
  }

  private commit(key: BlockKey, committed: EntryCommitted): void {
    for (const listener of this.listeners) listener(key, committed.entry);
    this.publish(committed.events);
  }
}
