import { RestartBackoff } from './restart.backoff';

describe('RestartBackoff', () => {
  const settings = { firstDelayMs: 500, maxDelayMs: 4_000, healthyAfterMs: 60_000 };

  it('doubles the delay for a service that keeps dying, up to the cap', () => {
    const backoff = new RestartBackoff(settings);
    const delays = [0, 1, 2, 3, 4, 5].map((i) => {
      backoff.started(i * 1_000);
      return backoff.next(i * 1_000 + 100);
    });
    expect(delays).toEqual([
      { attempt: 1, delayMs: 500 },
      { attempt: 2, delayMs: 1_000 },
      { attempt: 3, delayMs: 2_000 },
      { attempt: 4, delayMs: 4_000 },
      { attempt: 5, delayMs: 4_000 },
      { attempt: 6, delayMs: 4_000 },
    ]);
  });

  it('starts over once a service ran healthily before dying', () => {
    const backoff = new RestartBackoff(settings);
    backoff.started(0);
    backoff.next(10);
    backoff.started(600);
    expect(backoff.next(700)).toEqual({ attempt: 2, delayMs: 1_000 });
    backoff.started(2_000);
    expect(backoff.next(2_000 + 60_000)).toEqual({ attempt: 1, delayMs: 500 });
  });

  it('counts a restart that never reported started as one more failure', () => {
    const backoff = new RestartBackoff(settings);
    backoff.next(0);
    expect(backoff.next(120_000)).toEqual({ attempt: 2, delayMs: 1_000 });
  });
});
