import { ManualClock } from './manual.clock';
import { systemClock } from './system.clock';

describe('ManualClock', () => {
  it('moves both readings forward together', () => {
    const clock = new ManualClock({ nowMs: 1_000, monotonicMs: 5 });
    clock.advanceMs(250);
    expect([clock.nowMs(), clock.monotonicMs()]).toEqual([1_250, 255]);
  });

  it('lets the wall clock jump without moving the monotonic clock', () => {
    const clock = new ManualClock();
    clock.setNowMs(0);
    expect([clock.nowMs(), clock.monotonicMs()]).toEqual([0, 0]);
  });

  it.each([-1, Number.NaN])('refuses a step of %p ms', (step) => {
    expect(() => new ManualClock().advanceMs(step)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('reads a monotonic clock that never goes back', () => {
    const first = systemClock.monotonicMs();
    expect(systemClock.monotonicMs()).toBeGreaterThanOrEqual(first);
    expect(Math.abs(systemClock.nowMs() - Date.now())).toBeLessThan(1_000);
  });
});
