import { MemoryRateLimiter } from './memory-rate.limiter';
import { runRateLimiterContract } from './rate-limiter.contract';
import { TenantLimitTable, UNLIMITED } from './tenant-limits.model';

runRateLimiterContract('memory', ({ table, concurrencyRetryAfterMs }) => {
  const limiter = new MemoryRateLimiter(table, { concurrencyRetryAfterMs });
  return Promise.resolve({ limiter, rival: limiter });
});

describe('MemoryRateLimiter', () => {
  const T0 = Date.UTC(2025, 0, 1);

  it.each([
    [0, 0],
    [1_000, 1],
    [30_000, 30],
    [60_000, 60],
    [600_000, 60],
  ])('refills a spent bucket of 60 requests a minute continuously: after %i ms, %i fit', async (elapsedMs, fit) => {
    const limiter = new MemoryRateLimiter(new TenantLimitTable({ ...UNLIMITED, requestsPerMinute: 60 }), { concurrencyRetryAfterMs: 1000 });
    for (let i = 0; i < 60; i += 1) await limiter.reserve('t', 0, T0);
    let admitted = 0;
    while ((await limiter.reserve('t', 0, T0 + elapsedMs)).ok) admitted += 1;
    expect(admitted).toBe(fit);
  });

  it('forgets idle tenants, so tenant ids from requests do not pile up, yet keeps a spending one', async () => {
    const limiter = new MemoryRateLimiter(new TenantLimitTable({ ...UNLIMITED, requestsPerMinute: 1 }), { concurrencyRetryAfterMs: 1000 });
    await limiter.reserve('spender', 0, T0 + 59_000);
    for (let i = 0; i < 5000; i += 1) await limiter.reserve(`t${i}`, 0, T0);
    expect((await limiter.reserve('spender', 0, T0 + 60_000)).ok).toBe(false);
    // Every one-off tenant refilled a minute later: each may spend again at once.
    expect((await limiter.reserve('t0', 0, T0 + 120_000)).ok).toBe(true);
  });
});
