import { type Result } from '@tsukimi/result';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';
import { type InstanceId } from '@tsukimi/scheduler';

/**
 * Where each session's previous turn was served, shared by every conductor of one cluster, so
 * that a session's turns go to one instance whichever conductor receives them. Entries lapse
 * `ttlMs` after they were last read or written: by then the session's KV has likely been evicted.
 * While the store is unavailable a request is routed on this conductor's own memory.
 */
export interface SessionStore {
  /** The instance that served the session's last turn, refreshing its lapse; undefined for a session unknown or lapsed. */
  instanceFor(sessionId: string): Promise<Result<InstanceId | undefined, SharedStoreUnavailable>>;
  /** Records that the session's latest turn went to `instance`, replacing any earlier one. */
  record(sessionId: string, instance: InstanceId): Promise<Result<void, SharedStoreUnavailable>>;
}

export interface SessionStoreOptions {
  /** How long an entry outlives its last read or write. */
  readonly ttlMs: number;
}
