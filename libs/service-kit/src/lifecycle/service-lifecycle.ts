/** Where a service is in its life: readiness is true only while `serving`. */
export type LifecycleState = 'starting' | 'serving' | 'draining' | 'stopped';

/**
 * The service's lifecycle as the rest of the app sees it. Long-lived work that would never
 * finish by itself (an index event stream, a watch) ends when `drainSignal` aborts, so that a
 * drain completes instead of waiting for its timeout; ordinary requests simply run to the end.
 */
export class ServiceLifecycle {
  private current: LifecycleState = 'starting';
  private readonly drain = new AbortController();

  get state(): LifecycleState {
    return this.current;
  }

  /** Aborted the moment draining begins. */
  get drainSignal(): AbortSignal {
    return this.drain.signal;
  }

  /** Called once every listener is bound. */
  markServing(): void {
    if (this.current === 'starting') this.current = 'serving';
  }

  /** Returns false when draining had already begun, so that shutdown runs once. */
  beginDrain(): boolean {
    if (this.current === 'draining' || this.current === 'stopped') return false;
    this.current = 'draining';
    this.drain.abort(new Error('service is draining'));
    return true;
  }

  markStopped(): void {
    this.current = 'stopped';
  }
}
