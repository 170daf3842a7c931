import { pollUntil } from './readiness.poll';

const never = new Promise<never>(() => undefined);

describe('pollUntil', () => {
  it('is ready once the check passes, counting failed checks as not yet', async () => {
    const answers = [Promise.reject(new Error('refused')), Promise.resolve(false), Promise.resolve(true)];
    answers[0]!.catch(() => undefined);
    let calls = 0;
    expect(await pollUntil(() => answers[calls++]!, performance.now() + 10_000, never)).toBe('ready');
    expect(calls).toBe(3);
  });

  it('times out at the deadline', async () => {
    expect(await pollUntil(async () => false, performance.now() + 50, never)).toBe('timeout');
  });

  it('gives up when the service exits', async () => {
    expect(await pollUntil(async () => false, performance.now() + 10_000, Promise.resolve())).toBe('exited');
  });
});
