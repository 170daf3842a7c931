import { type RateLimiter, type Reservation } from './rate-limiter.port';
import { type TenantLimits, TenantLimitTable, UNLIMITED } from './tenant-limits.model';

export interface RateLimiterHarness {
  readonly limiter: RateLimiter;
  /** Another limiter over the same store, as another conductor replica sees it. */
  readonly rival: RateLimiter;
  close?(): Promise<void>;
}

/** What the factory must build the limiters with. */
export interface RateLimiterSetup {
  readonly table: TenantLimitTable;
  readonly concurrencyRetryAfterMs: number;
}

const T0 = Date.UTC(2025, 0, 1);
const CONCURRENCY_RETRY_AFTER_MS = 1_000;
const only = (limits: Partial<TenantLimits>) => new TenantLimitTable({ ...UNLIMITED, ...limits });

/**
 * The behaviour every RateLimiter must show, on times the test chooses (`nowMs` is an argument,
 * so no test waits). The memory limiter and the Redis adapter both run it; each test gets a
 * fresh store.
 */
export function runRateLimiterContract(name: string, create: (setup: RateLimiterSetup) => Promise<RateLimiterHarness>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    let harness: RateLimiterHarness | undefined;
    const open = async (table: TenantLimitTable) => (harness = await create({ table, concurrencyRetryAfterMs: CONCURRENCY_RETRY_AFTER_MS }));
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });
    const reserved = async (limiter: RateLimiter, tenant: string, tokens: number, nowMs: number): Promise<Reservation> => {
      const result = await limiter.reserve(tenant, tokens, nowMs);
      if (!result.ok) throw new Error(`expected a reservation, got ${JSON.stringify(result.error)}`);
      return result.value;
    };

    it('admits everything and reports no budget when nothing is limited', async () => {
      const { limiter } = await open(only({}));
      for (let i = 0; i < 20; i += 1) expect(await limiter.reserve('t', 1_000_000, T0)).toMatchObject({ ok: true, value: { status: {} } });
    });

    it('refuses the request past the per-minute count, says when one more fits, and admits it then', async () => {
      const { limiter } = await open(only({ requestsPerMinute: 3 }));
      const first = await reserved(limiter, 't', 10, T0);
      expect(first.status.requests).toEqual({ limit: 3, remaining: 2, resetMs: 20_000 });
      await reserved(limiter, 't', 10, T0);
      await reserved(limiter, 't', 10, T0);
      const over = await limiter.reserve('t', 10, T0);
      expect(over).toMatchObject({ ok: false, error: { kind: 'limited', limit: 'requests', retryAfterMs: 20_000, status: { requests: { limit: 3, remaining: 0 } } } });
      expect((await limiter.reserve('t', 10, T0 + 19_000)).ok).toBe(false);
      expect((await limiter.reserve('t', 10, T0 + 20_000)).ok).toBe(true);
    });

    it('reserves tokens, gives back what a request did not use, and never fills past the budget', async () => {
      const { limiter } = await open(only({ tokensPerMinute: 1000 }));
      const big = await reserved(limiter, 't', 600, T0);
      expect(big.status.tokens).toEqual({ limit: 1000, remaining: 400, resetMs: 36_000 });
      expect(await limiter.reserve('t', 500, T0)).toMatchObject({ ok: false, error: { limit: 'tokens', retryAfterMs: 6_000, requestedTokens: 500 } });
      expect(await limiter.settle(big, 100, T0)).toEqual({ ok: true, value: undefined });
      const after = await reserved(limiter, 't', 500, T0);
      expect(after.status.tokens?.remaining).toBe(400);
      // A minute later the bucket is full; giving back then must not raise it over the budget.
      await limiter.settle(after, 0, T0 + 60_000);
      await reserved(limiter, 't', 1000, T0 + 60_000);
      expect((await limiter.reserve('t', 1, T0 + 60_000)).ok).toBe(false);
    });

    it('gives a released request back whole: its request and all its tokens', async () => {
      const { limiter } = await open(only({ requestsPerMinute: 1, tokensPerMinute: 100 }));
      const first = await reserved(limiter, 't', 100, T0);
      expect((await limiter.reserve('t', 1, T0)).ok).toBe(false);
      await limiter.release(first, T0);
      expect((await reserved(limiter, 't', 100, T0)).status).toMatchObject({ requests: { remaining: 0 }, tokens: { remaining: 0 } });
    });

    it('gives back once: settling or releasing a reservation again changes nothing', async () => {
      const { limiter } = await open(only({ tokensPerMinute: 100, maxConcurrent: 2 }));
      const first = await reserved(limiter, 't', 50, T0);
      await reserved(limiter, 't', 50, T0);
      await limiter.settle(first, 0, T0);
      await limiter.settle(first, 0, T0);
      await limiter.release(first, T0);
      expect((await reserved(limiter, 't', 50, T0)).status.tokens?.remaining).toBe(0);
      expect(await limiter.reserve('t', 0, T0)).toMatchObject({ ok: false, error: { limit: 'concurrency' } });
    });

    it('caps requests in flight: a second waits for the first to end', async () => {
      const { limiter } = await open(only({ maxConcurrent: 1 }));
      const first = await reserved(limiter, 't', 5, T0);
      expect(first.status.concurrency).toEqual({ limit: 1, inFlight: 1 });
      expect(await limiter.reserve('t', 5, T0)).toMatchObject({ ok: false, error: { limit: 'concurrency', retryAfterMs: CONCURRENCY_RETRY_AFTER_MS } });
      await limiter.settle(first, 5, T0);
      expect((await limiter.reserve('t', 5, T0)).ok).toBe(true);
    });

    it('takes nothing from a refused request: a request refused for tokens leaves the request budget as it was', async () => {
      const { limiter } = await open(only({ requestsPerMinute: 2, tokensPerMinute: 100, maxConcurrent: 5 }));
      expect((await limiter.reserve('t', 101, T0)).ok).toBe(false);
      expect((await reserved(limiter, 't', 100, T0)).status).toMatchObject({ requests: { remaining: 1 }, concurrency: { inFlight: 1 } });
    });

    it('keeps tenants apart and applies each tenant its own limits', async () => {
      const table = new TenantLimitTable({ ...UNLIMITED, requestsPerMinute: 1 }, new Map([['big', { ...UNLIMITED, requestsPerMinute: 3 }]]));
      const { limiter } = await open(table);
      await reserved(limiter, 'a', 1, T0);
      expect((await limiter.reserve('a', 1, T0)).ok).toBe(false);
      expect((await limiter.reserve('b', 1, T0)).ok).toBe(true);
      for (let i = 0; i < 3; i += 1) expect((await limiter.reserve('big', 1, T0)).ok).toBe(true);
      expect((await limiter.reserve('big', 1, T0)).ok).toBe(false);
    });

    it('shares one budget between limiters over the same store', async () => {
      const { limiter, rival } = await open(only({ requestsPerMinute: 2, maxConcurrent: 5 }));
      await reserved(limiter, 't', 1, T0);
      const theirs = await reserved(rival, 't', 1, T0);
      expect((await limiter.reserve('t', 1, T0)).ok).toBe(false);
      await limiter.release(theirs, T0);
      expect((await limiter.reserve('t', 1, T0)).ok).toBe(true);
    });

    it('admits exactly the budget out of racing requests', async () => {
      const { limiter, rival } = await open(only({ requestsPerMinute: 5 }));
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? limiter : rival).reserve('t', 1, T0)));
      expect(answers.filter((a) => a.ok)).toHaveLength(5);
      expect(answers.filter((a) => !a.ok && a.error.kind === 'limited' && a.error.limit === 'requests')).toHaveLength(7);
    });
  });
}
