import { performance } from 'node:perf_hooks';
import { type Clock } from './clock.port';

/** The process's clocks: `Date.now()` and `performance.now()`. */
export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
  monotonicMs(): number {
    return performance.now();
  }
}

export const systemClock: Clock = new SystemClock();
