import { instanceId } from '@tsukimi/scheduler';
import { HandoffGapTracker } from './handoff-gap.tracker';

describe('the gap between first and second token, per decode instance', () => {
  const d1 = instanceId('d1');
  const d2 = instanceId('d2');

  function tracker() {
    let nowMs = 0;
    const gaps = new HandoffGapTracker(() => nowMs);
    return { gaps, at: (ms: number) => (nowMs = ms) };
  }

  it('is the time from the first token going out to the first token the instance streams; later tokens leave it be', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent(d1, 'r1');
    at(250);
    gaps.token(d1, 'r1');
    at(900);
    gaps.token(d1, 'r1');
    expect(gaps.gapMs(d1)).toBe(250);
    expect(gaps.gapMs(d2)).toBeUndefined();
  });

  it('is the longest of the last four closed', () => {
    const { gaps, at } = tracker();
    let nowMs = 0;
    for (const [i, gapMs] of [900, 40, 30, 20, 10].entries()) {
      gaps.firstTokenSent(d1, `r${i}`);
      at((nowMs += gapMs));
      gaps.token(d1, `r${i}`);
    }
    expect(gaps.gapMs(d1)).toBe(40);
  });

  it('counts a handoff still open for as long as it has lasted', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent(d1, 'r1');
    at(30);
    gaps.token(d1, 'r1');
    gaps.firstTokenSent(d1, 'r2');
    at(530);
    expect(gaps.gapMs(d1)).toBe(500);
  });

  it('forgets closed gaps once the instance has no streams left, so an old gap refuses nobody', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent(d1, 'r1');
    at(3000);
    gaps.token(d1, 'r1');
    gaps.ended(d1, 'r1', 1);
    expect(gaps.gapMs(d1)).toBe(3000);
    gaps.ended(d1, 'r2', 0);
    expect(gaps.gapMs(d1)).toBeUndefined();
  });
});
