import { type FailedAttempt, phaseAttempts, type RetryDecision, retryDecision } from './phase-retry.policy';

describe('retryDecision', () => {
  it.each<[string, FailedAttempt, RetryDecision]>([
    ['an unreachable instance, tries left', { failure: 'unavailable', attempt: 0, attempts: 2 }, { kind: 'retry', markDown: true }],
    ['an unreachable instance on the last try', { failure: 'unavailable', attempt: 1, attempts: 2 }, { kind: 'give-up', reason: 'attempts-spent', markDown: true }],
    ['an unreachable instance past the last try', { failure: 'unavailable', attempt: 2, attempts: 2 }, { kind: 'give-up', reason: 'attempts-spent', markDown: true }],
    ['an instance that rejected the request (invalid argument, resource exhausted)', { failure: 'rejected', attempt: 0, attempts: 3 }, { kind: 'give-up', reason: 'not-retryable', markDown: false }],
    ['an instance that failed the request', { failure: 'failed', attempt: 0, attempts: 3 }, { kind: 'give-up', reason: 'not-retryable', markDown: false }],
    ['the request\'s deadline spent', { failure: 'timeout', attempt: 0, attempts: 3 }, { kind: 'give-up', reason: 'not-retryable', markDown: false }],
    ['a silent decode instance with migration on', { failure: 'timeout', attempt: 0, attempts: 3, timeoutIsLoss: true }, { kind: 'retry', markDown: true }],
    ['a silent decode instance on the last try', { failure: 'timeout', attempt: 2, attempts: 3, timeoutIsLoss: true }, { kind: 'give-up', reason: 'attempts-spent', markDown: true }],
    ['a rejection, even where timeouts mean loss', { failure: 'rejected', attempt: 0, attempts: 3, timeoutIsLoss: true }, { kind: 'give-up', reason: 'not-retryable', markDown: false }],
  ])('%s', (_case, failed, decision) => {
    expect(retryDecision(failed)).toEqual(decision);
  });
});

describe('phaseAttempts', () => {
  it.each([
    [2, 0, 2],
    [2, 1, 2],
    [2, 2, 2],
    [2, 5, 5],
    [3, 1, 3],
  ])('at least %i tries, one per instance of %i: %i', (attemptsPerPhase, instances, attempts) => {
    expect(phaseAttempts(attemptsPerPhase, instances)).toBe(attempts);
  });

  it('bounds the retries of a request that meets only unreachable instances', () => {
    const attempts = phaseAttempts(2, 3);
    let tries = 0;
    while (tries < 100 && retryDecision({ failure: 'unavailable', attempt: tries, attempts }).kind === 'retry') tries++;
    expect(tries + 1).toBe(3);
  });
});
