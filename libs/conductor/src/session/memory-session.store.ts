import { ok, type Result } from '@tsukimi/result';
import { type InstanceId, type MonotonicClock } from '@tsukimi/scheduler';
import { type SessionStore, type SessionStoreOptions } from './session.store.port';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';

/**
 * Sessions in this process's memory: one conductor's store, and the fake that the session-store
 * contract holds to the Redis adapter. Lapsed entries are dropped as they are met and as new ones
 * are written.
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { readonly instance: InstanceId; readonly expiresAtMs: number }>();

  constructor(
    private readonly clock: MonotonicClock,
    private readonly options: SessionStoreOptions,
  ) {}

  instanceFor(sessionId: string): Promise<Result<InstanceId | undefined, SharedStoreUnavailable>> {
    const entry = this.sessions.get(sessionId);
    const nowMs = this.clock.monotonicMs();
    if (entry === undefined) return Promise.resolve(ok(undefined));
    if (entry.expiresAtMs <= nowMs) {
      this.sessions.delete(sessionId);
      return Promise.resolve(ok(undefined));
    }
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, { instance: entry.instance, expiresAtMs: nowMs + this.options.ttlMs });
    return Promise.resolve(ok(entry.instance));
  }

  record(sessionId: string, instance: InstanceId): Promise<Result<void, SharedStoreUnavailable>> {
    const nowMs = this.clock.monotonicMs();
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, { instance, expiresAtMs: nowMs + this.options.ttlMs });
    // Written in expiry order, so the lapsed ones are at the front.
    for (const [oldest, entry] of this.sessions) {
      if (entry.expiresAtMs > nowMs) break;
      this.sessions.delete(oldest);
    }
    return Promise.resolve(ok(undefined));
  }
}
