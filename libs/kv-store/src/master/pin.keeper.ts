import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockEntry, type BlockEntryDraft, draftOf } from '../metadata/block-entry.model';
import { keep, replace, type EntryDecision } from './entry.writer';
import { type MasterContext } from './master.context';
import { type PinError } from './store.errors';

export type PinKind = 'soft' | 'hard';

/**
 * Pins keep blocks in the pool. A soft pin lasts `ttlMs` and protects from eviction only; a hard
 * pin lasts until unpinned and also refuses removal. Both apply to pending puts too, so a block can
 * be pinned before it is written.
 */
export class PinKeeper {
  constructor(private readonly ctx: MasterContext) {}

  /** Extends, never shortens, the soft pin. */
  softPin(key: BlockKey, ttlMs: number): Promise<Result<void, PinError>> {
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) return Promise.resolve(err({ kind: 'invalid-request', key, field: 'ttlMs', reason: `must be a positive integer, got ${ttlMs}` }));
    const untilMs = this.ctx.clock.nowMs() + ttlMs;
    return this.change(key, (entry) => ({ ...entry, softPinExpiresAtMs: Math.max(entry.softPinExpiresAtMs, untilMs) }));
  }

  hardPin(key: BlockKey): Promise<Result<void, PinError>> {
    return this.change(key, (entry) => ({ ...entry, hardPinned: true }));
  }

  unpin(key: BlockKey, kind: PinKind): Promise<Result<void, PinError>> {
    return this.change(key, (entry) => (kind === 'hard' ? { ...entry, hardPinned: false } : { ...entry, softPinExpiresAtMs: 0 }));
  }

  private change(key: BlockKey, edit: (entry: BlockEntryDraft) => BlockEntryDraft): Promise<Result<void, PinError>> {
    return this.ctx.writer.updateResult(key, (current: BlockEntry | undefined): EntryDecision<Result<void, PinError>> => {
      if (current === undefined) return keep(err({ kind: 'not-found', key }));
      return replace(edit(draftOf(current)), ok(undefined));
    });
  }
}
