import { instanceId } from '@tsukimi/scheduler';
import { GAP_WINDOW_MS, MIN_GAPS } from './handoff-gap.by-load';
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
    gaps.firstTokenSent(d1, 'r1', 1);
    at(250);
    gaps.token(d1, 'r1');
    at(900);
    gaps.token(d1, 'r1');
    expect(gaps.gapMs(d1, 1)).toBe(250);
    expect(gaps.gapMs(d2, 1)).toBeUndefined();
  });

  it('is the longest of the last four closed', () => {
    const { gaps, at } = tracker();
    let nowMs = 0;
    for (const [i, gapMs] of [900, 40, 30, 20, 10].entries()) {
      gaps.firstTokenSent(d1, `r${i}`, 1);
      at((nowMs += gapMs));
      gaps.token(d1, `r${i}`);
    }
    expect(gaps.gapMs(d1, 1)).toBe(40);
  });

  it('counts a handoff still open for as long as it has lasted', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent(d1, 'r1', 1);
    at(30);
    gaps.token(d1, 'r1');
    gaps.firstTokenSent(d1, 'r2', 1);
    at(530);
    expect(gaps.gapMs(d1, 1)).toBe(500);
  });

  it('forgets closed gaps once the instance has no streams left, so an old gap refuses nobody', () => {
    const { gaps, at } = tracker();
    gaps.firstTokenSent(d1, 'r1', 1);
    at(3000);
    gaps.token(d1, 'r1');
    gaps.ended(d1, 'r1', 1);
    expect(gaps.gapMs(d1, 1)).toBe(3000);
    gaps.ended(d1, 'r2', 0);
    expect(gaps.gapMs(d1, 1)).toBeUndefined();
  });

  it('counts a request between its first token and its decode stream as in flight, once', () => {
    const { gaps } = tracker();
    gaps.firstTokenSent(d1, 'r1', 1);
    gaps.firstTokenSent(d1, 'r2', 2);
    expect(gaps.handoffsWaiting()).toBe(2);
    gaps.joined('r1');
    gaps.joined('r1');
    expect(gaps.handoffsWaiting()).toBe(1);
    gaps.ended(d1, 'r2', 0);
    gaps.token(d1, 'r1');
    expect(gaps.handoffsWaiting()).toBe(0);
  });

  describe('once enough gaps have been seen under load', () => {
    /** `count` handoffs closed at `level`, each `gapMs` long, one after another. */
    function seen(gaps: HandoffGapTracker, at: (ms: number) => number, from: { ms: number }, level: number, gapMs: number, count: number) {
      for (let i = 0; i < count; i++) {
        const id = `l${level}-${from.ms}`;
        gaps.firstTokenSent(d1, id, level);
        at((from.ms += gapMs));
        gaps.joined(id);
        gaps.token(d1, id);
      }
    }

    it('expects the tail of the gaps seen at loads up to the one the request would make, on any instance', () => {
      const { gaps, at } = tracker();
      const clock = { ms: 0 };
      seen(gaps, at, clock, 2, 50, MIN_GAPS);
      seen(gaps, at, clock, 6, 400, MIN_GAPS);
      expect(gaps.gapMs(d2, 3)).toBe(50);
      expect(gaps.gapMs(d2, 6)).toBe(400);
      // A load not seen yet is judged by the loads under it.
      expect(gaps.gapMs(d2, 5)).toBe(50);
    });

    it('lets one long gap in thirty-four through at a load, and not two', () => {
      const { gaps, at } = tracker();
      const clock = { ms: 0 };
      seen(gaps, at, clock, 3, 50, 33);
      seen(gaps, at, clock, 3, 900, 1);
      expect(gaps.gapMs(d1, 3)).toBe(50);
      seen(gaps, at, clock, 3, 900, 1);
      expect(gaps.gapMs(d1, 3)).toBe(900);
    });

    it('judges a request alone by the instance\'s last gaps, not by what load did', () => {
      const { gaps, at } = tracker();
      const clock = { ms: 0 };
      seen(gaps, at, clock, 1, 400, MIN_GAPS);
      seen(gaps, at, clock, 1, 30, 4);
      expect(gaps.gapMs(d1, 1)).toBe(30);
      expect(gaps.gapMs(d1, 2)).toBe(400);
    });

    it('forgets what it saw after the window, so a load once refused is tried again', () => {
      const { gaps, at } = tracker();
      const clock = { ms: 0 };
      seen(gaps, at, clock, 4, 400, MIN_GAPS);
      expect(gaps.gapMs(d2, 4)).toBe(400);
      at(clock.ms + GAP_WINDOW_MS + 1);
      expect(gaps.gapMs(d2, 4)).toBeUndefined();
    });

    it('learns each gap under the load its request was admitted at, when told, not the load at its first token', () => {
      const { gaps, at } = tracker();
      let nowMs = 0;
      for (let i = 0; i < MIN_GAPS; i++) {
        gaps.admitted(`a${i}`, 2);
        // Admitted at a load of two, the requests reach their first token at six.
        gaps.firstTokenSent(d1, `a${i}`, 6);
        at((nowMs += 400));
        gaps.token(d1, `a${i}`);
      }
      expect(gaps.gapMs(d2, 2)).toBe(400);
      expect(gaps.gapMs(d2, 5)).toBe(400);
    });

    it('still counts a handoff open longer than the tail', () => {
      const { gaps, at } = tracker();
      const clock = { ms: 0 };
      seen(gaps, at, clock, 2, 50, MIN_GAPS);
      gaps.firstTokenSent(d1, 'stuck', 2);
      at(clock.ms + 700);
      expect(gaps.gapMs(d1, 2)).toBe(700);
      expect(gaps.gapMs(d2, 2)).toBe(50);
    });
  });
});
