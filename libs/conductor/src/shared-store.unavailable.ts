import { err, ok, type Result } from '@tsukimi/result';

/**
 * A store the conductors of one cluster share (Redis: the roster, sessions, prompt-cache leases,
 * rate limits) could not answer, being unreachable or too slow. Each port says what the conductor
 * does instead; the in-memory adapters never return it.
 */
export interface SharedStoreUnavailable {
  readonly kind: 'unavailable';
  readonly message: string;
}

/** One call to a shared store, its client's thrown error answered as SharedStoreUnavailable. */
export async function askSharedStore<T>(call: () => Promise<T>): Promise<Result<T, SharedStoreUnavailable>> {
  try {
    return ok(await call());
  } catch (error) {
    return err({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) });
  }
}
