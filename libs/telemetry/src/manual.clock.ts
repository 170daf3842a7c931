import { type Clock } from './clock.port';

export interface ManualClockOptions {
  /** Initial wall-clock time, ms since the epoch; 2025-01-01T00:00:00Z when absent. */
  readonly nowMs?: number;
  /** Initial monotonic time; 0 when absent. */
  readonly monotonicMs?: number;
}

/** A clock that moves only when a test moves it; both readings advance together. */
export class ManualClock implements Clock {
  private wallMs: number;
  private monoMs: number;

  constructor(options: ManualClockOptions = {}) {
    this.wallMs = options.nowMs ?? Date.UTC(2025, 0, 1);
    this.monoMs = options.monotonicMs ?? 0;
  }

  nowMs(): number {
    return this.wallMs;
  }
  monotonicMs(): number {
    return this.monoMs;
  }

  /** Moves both clocks forward; a negative step is a bug in the test, since time is monotonic. */
  advanceMs(stepMs: number): void {
    if (!(stepMs >= 0)) throw new RangeError(`a manual clock only moves forward, got ${stepMs} ms`);
    this.wallMs += stepMs;
    this.monoMs += stepMs;
  }

  /** Sets the wall clock alone, as NTP would; the monotonic clock is unaffected. */
  setNowMs(nowMs: number): void {
    this.wallMs = nowMs;
  }
}
