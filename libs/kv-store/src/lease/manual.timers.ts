import { type ManualClock } from '@tsukimi/telemetry';
import { type CancelTimer, type Timers } from './timers.port';

interface Due {
  readonly atMs: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * Timers that fire only when a test advances its manual clock. Between firings the test's
 * pending promises are let run, so async work a timer starts settles before the next one fires.
 */
export class ManualTimers implements Timers {
  private due: Due[] = [];
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  schedule(delayMs: number, callback: () => void): CancelTimer {
    const entry = { atMs: this.clock.monotonicMs() + Math.max(0, delayMs), seq: this.seq++, callback };
    this.due.push(entry);
    return () => {
      this.due = this.due.filter((other) => other !== entry);
    };
  }

  /** Moves the clock `stepMs` forward, firing every timer that falls due on the way, in order. */
  async advanceMs(stepMs: number): Promise<void> {
    const targetMs = this.clock.monotonicMs() + stepMs;
    await settle();
    for (let next = this.nextDue(targetMs); next !== undefined; next = this.nextDue(targetMs)) {
      this.due = this.due.filter((other) => other !== next);
      this.clock.advanceMs(next.atMs - this.clock.monotonicMs());
      next.callback();
      await settle();
    }
    this.clock.advanceMs(targetMs - this.clock.monotonicMs());
  }

  /** How many callbacks wait to fire. */
  get pending(): number {
    return this.due.length;
  }

  private nextDue(targetMs: number): Due | undefined {
    const ready = this.due.filter((entry) => entry.atMs <= targetMs);
    return ready.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
  }
}

/** Lets every promise chain that is ready run to completion. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
