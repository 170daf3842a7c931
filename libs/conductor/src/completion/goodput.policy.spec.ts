import { type ClientLatency, metSlo } from './goodput.policy';

const SLO = { ttftMs: 2_000, tbtMs: 200 };

describe('metSlo', () => {
  it.each<[string, ClientLatency, boolean]>([
    ['well within both', { ttftMs: 150, maxGapMs: 20 }, true],
    ['exactly at both thresholds', { ttftMs: 2_000, maxGapMs: 200 }, true],
    ['first token late', { ttftMs: 2_001, maxGapMs: 20 }, false],
    ['one gap too long', { ttftMs: 150, maxGapMs: 200.5 }, false],
    ['both missed', { ttftMs: 5_000, maxGapMs: 900 }, false],
    ['a single token, in time', { ttftMs: 150, maxGapMs: 0 }, true],
    ['no token at all', { ttftMs: undefined, maxGapMs: 0 }, false],
  ])('%s', (_what, latency, expected) => {
    expect(metSlo(latency, SLO)).toBe(expected);
  });
});
