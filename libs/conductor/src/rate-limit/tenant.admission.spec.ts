import { err, type Result } from '@tsukimi/result';
import { ManualClock } from '@tsukimi/telemetry';
import { MemoryRateLimiter } from './memory-rate.limiter';
import { type LimitName, type RateLimiter, type RateLimitRejection, type Reservation } from './rate-limiter.port';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';
import { TenantAdmission } from './tenant.admission';
import { TenantLimitTable, UNLIMITED } from './tenant-limits.model';

/** A store that never answers, as an unreachable Redis. */
class UnreachableStore implements RateLimiter {
  private readonly down = err<SharedStoreUnavailable>({ kind: 'unavailable', message: 'connection refused' });
  reserve(): Promise<Result<Reservation, RateLimitRejection | SharedStoreUnavailable>> {
    return Promise.resolve(this.down);
  }
  settle(): Promise<Result<void, SharedStoreUnavailable>> {
    return Promise.resolve(this.down);
  }
  release(): Promise<Result<void, SharedStoreUnavailable>> {
    return Promise.resolve(this.down);
  }
}

describe('TenantAdmission', () => {
  const table = new TenantLimitTable({ ...UNLIMITED, requestsPerMinute: 2, tokensPerMinute: 100 }, new Map([['gold', { ...UNLIMITED, maxConcurrent: 1 }]]));
  const setup = (limiter?: RateLimiter) => {
    const counted = { limited: [] as [string, LimitName][], unchecked: 0 };
    const clock = new ManualClock();
    const metrics = { limited: (tenant: string, limit: LimitName) => counted.limited.push([tenant, limit]), unchecked: () => (counted.unchecked += 1) };
    const admission = new TenantAdmission(limiter ?? new MemoryRateLimiter(table, { concurrencyRetryAfterMs: 1000 }), table, metrics, clock);
    return { admission, counted, clock };
  };

  it('admits with the rate-limit headers and refuses over a limit with 429, counting configured tenants by name and others as ""', async () => {
    const { admission, counted } = setup();
    const first = await admission.admit('anyone', 30);
    expect(first.ok && first.value.headers).toEqual({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '30s',
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '70',
      'x-ratelimit-reset-tokens': '18s',
    });
    expect(await admission.admit('anyone', 80)).toMatchObject({ ok: false, error: { status: 429, body: { error: { type: 'tokens' } } } });
    const gold = await admission.admit('gold', 1);
    expect(await admission.admit('gold', 1)).toMatchObject({ ok: false, error: { status: 429 } });
    expect(counted.limited).toEqual([
      ['', 'tokens'],
      ['gold', 'concurrency'],
    ]);
    if (gold.ok) await gold.value.end(1);
    expect((await admission.admit('gold', 1)).ok).toBe(true);
  });

  it('ends a pass once: a second end or a cancel after it gives nothing more back', async () => {
    const { admission } = setup();
    const first = await admission.admit('t', 60);
    if (!first.ok) throw new Error('refused');
    await first.value.end(10);
    await first.value.end(0);
    await first.value.cancel();
    // 50 came back, not 60 and not a request: 90 tokens left, one request left.
    expect(await admission.admit('t', 91)).toMatchObject({ ok: false, error: { body: { error: { type: 'tokens' } } } });
    expect((await admission.admit('t', 90)).ok).toBe(true);
    expect(await admission.admit('t', 0)).toMatchObject({ ok: false, error: { body: { error: { type: 'requests' } } } });
  });

  it('refuses a request over a whole minute of its tenant\'s tokens with 400, which no wait would admit, and takes nothing from its budget', async () => {
    const { admission, counted } = setup();
    const tooLarge = await admission.admit('t', 101);
    expect(tooLarge).toMatchObject({ ok: false, error: { status: 400, body: { error: { type: 'invalid_request_error', code: 'request_too_large', param: 'max_tokens' } } } });
    expect(tooLarge.ok || tooLarge.error.headers?.['retry-after']).toBeFalsy();
    expect(counted.limited).toEqual([['', 'tokens']]);
    const whole = await admission.admit('t', 100);
    expect(whole.ok && whole.value.headers['x-ratelimit-remaining-tokens']).toBe('0');
  });

  it('serves requests unchecked when the store cannot answer, and counts each', async () => {
    const { admission, counted } = setup(new UnreachableStore());
    for (let i = 0; i < 3; i += 1) {
      const pass = await admission.admit('t', 100);
      expect(pass).toMatchObject({ ok: true, value: { headers: {} } });
      if (pass.ok) await pass.value.end(100);
    }
    expect(counted.unchecked).toBe(3);
  });
});
