import { instanceId } from '@tsukimi/scheduler';
import { HandoffGapTracker } from './handoff-gap.tracker';

describe('the gap between first and second token, per decode instance', () => {
  const d1 = instanceId('d1');

  function tracker() {
    let nowMs = 0;
    const gaps = new HandoffGapTracker(() => nowMs);
    return { gaps, at: (ms: number) => (nowMs = ms) };
  }

  it('is the time from the handoff to the first token the instance streams; later tokens leave it be', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent('r1');
    at(250);
    gaps.token(d1, 'r1');
    at(900);
    gaps.token(d1, 'r1');
    expect(gaps.latestGapMs(d1)).toBe(250);
  });

  it('follows the latest handoff, not the worst', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent('r1');
    at(400);
    gaps.token(d1, 'r1');
    gaps.firstTokenSent('r2');
    at(430);
    gaps.token(d1, 'r2');
    expect(gaps.latestGapMs(d1)).toBe(30);
  });

  it('is forgotten once the instance has no streams left, so an old gap refuses nobody', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent('r1');
    at(3000);
    gaps.token(d1, 'r1');
    gaps.ended(d1, 'r1', 1);
    expect(gaps.latestGapMs(d1)).toBe(3000);
    gaps.ended(d1, 'r2', 0);
    expect(gaps.latestGapMs(d1)).toBeUndefined();
  });
});
