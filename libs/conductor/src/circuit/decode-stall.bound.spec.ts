import { decodeStallTimeoutMs } from './decode-stall.bound';

describe('decodeStallTimeoutMs', () => {
  it.each([
    ['given', { stallTimeoutMs: 1500, tbtSloMs: 200, idleTimeoutMs: 30_000 }, 1500],
    ['derived from the TBT SLO', { tbtSloMs: 200, idleTimeoutMs: 30_000 }, 10_000],
    ['derived, at its floor under a tight SLO', { tbtSloMs: 20, idleTimeoutMs: 30_000 }, 5_000],
    ['derived, bounded by the idle timeout', { tbtSloMs: 1000, idleTimeoutMs: 30_000 }, 30_000],
    ['given, bounded by the idle timeout', { stallTimeoutMs: 60_000, tbtSloMs: 200, idleTimeoutMs: 30_000 }, 30_000],
  ])('%s', (_name, settings, expected) => {
    expect(decodeStallTimeoutMs(settings)).toBe(expected);
  });
});
