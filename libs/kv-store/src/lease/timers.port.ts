/** Cancels a scheduled callback; harmless after it ran. */
export type CancelTimer = () => void;

/** Delayed callbacks, injected so that time-driven state machines run under a manual clock in tests. */
export interface Timers {
  /** Runs `callback` once, `delayMs` from now (at once when not positive). */
  schedule(delayMs: number, callback: () => void): CancelTimer;
}

/** The process's own timers. */
export const systemTimers: Timers = {
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};
