import { type InstanceId, type SessionAffinity } from '@tsukimi/scheduler';
import { type SessionStore } from './session.store.port';

/** Told each time the shared store turns unreachable (with why) or reachable again. */
export type SessionStoreReachability = (reachable: boolean, message?: string) => void;

/**
 * Keeps this conductor's session map, which the scheduler reads as it decides, in step with the
 * store every conductor of the cluster shares: a session's instance is read from the store into
 * the map before its turn is decided, and the instance its turn went to is written back when it
 * changed. An unreachable store leaves the map as this conductor knows it, so a session still
 * sticks within one conductor.
 */
export class SharedSessions {
  private reachable = true;

  constructor(
    private readonly store: SessionStore,
    private readonly map: SessionAffinity,
    private readonly onReachability: SessionStoreReachability = () => undefined,
  ) {}

  /** Reads the session's instance into the map; answers it, for `remember`. */
  async recall(sessionId: string): Promise<InstanceId | undefined> {
    const found = await this.store.instanceFor(sessionId);
    if (!found.ok) return this.unreachable(found.error.message);
    this.reached();
    if (found.value !== undefined) this.map.record(sessionId, found.value);
    return found.value;
  }

  /** Writes the instance the session's turn went to, unless the store already holds it (`recalled`, whose read refreshed its TTL). */
  async remember(sessionId: string, instance: InstanceId, recalled: InstanceId | undefined): Promise<void> {
    if (instance === recalled) return;
    const written = await this.store.record(sessionId, instance);
    if (written.ok) this.reached();
    else this.unreachable(written.error.message);
  }

  private unreachable(message: string): undefined {
    if (this.reachable) this.onReachability(false, message);
    this.reachable = false;
    return undefined;
  }

  private reached(): void {
    if (!this.reachable) this.onReachability(true);
    this.reachable = true;
  }
}
