import { LeaseLedger } from './lease.ledger';
import { quotaExceededReply } from './quota.reply';

const KIB = 1024;

describe('LeaseLedger', () => {
  const quotas: Record<string, number> = { small: 100 * KIB, big: 10_000 * KIB };
  const ledger = () => new LeaseLedger((tenant) => quotas[tenant]);

  it.each([
    // tenant, bytes, ttl, ok, cost (byte-seconds)
    ['small', 10 * KIB, 10_000, true, 100 * KIB],
    ['small', 10 * KIB, 10_001, false, 100.01 * KIB],
    ['big', 10 * KIB, 1_000_000, true, 10_000 * KIB],
    ['unlimited', 1e12, 3_600_000, true, 3.6e15],
  ])('a new lease of %s: %d bytes for %d ms costs bytes x seconds and fits the quota: %s', (tenant, bytes, ttlMs, fits, cost) => {
    const granted = ledger().grant(tenant, 'k', bytes, ttlMs, 0);
    expect(granted.ok).toBe(fits);
    if (granted.ok) expect(granted.value).toMatchObject({ kind: 'created', costByteSeconds: cost, lease: { expiresAtMs: ttlMs, sizeBytes: bytes } });
    else expect(granted.error).toEqual({ kind: 'over-quota', tenant, costByteSeconds: cost, availableByteSeconds: quotas[tenant], quotaByteSeconds: quotas[tenant], heldBytes: 0 });
  });

  it('counts the time each live lease has left, so a quota frees up as leases run down', () => {
    const l = ledger();
    expect(l.grant('small', 'a', 5 * KIB, 10_000, 0).ok).toBe(true); // 50 KiB·s
    expect(l.grant('small', 'b', 5 * KIB, 10_000, 0).ok).toBe(true); // 100 KiB·s: full
    expect(l.check('small', 'c', 1 * KIB, 1_000, 0).ok).toBe(false);
    expect(l.availableByteSeconds('small', 5_000)).toBe(50 * KIB);
    expect(l.check('small', 'c', 5 * KIB, 10_000, 5_000).ok).toBe(true);
    expect(l.heldBytes('small', 5_000)).toBe(10 * KIB);
  });

  it.each([
    // used after ms, ttl, expected cost: only the extension past the old expiry
    [4_000, 10_000, 4 * KIB],
    [9_999, 10_000, 9.999 * KIB],
    [2_000, 1_000, 0],
  ])('a hit %d ms into a 10 s lease renews it for %d ms, costing %d byte-seconds', (atMs, ttlMs, cost) => {
    const l = ledger();
    l.grant('small', 'k', KIB, 10_000, 0);
    const renewed = l.grant('small', 'k', KIB, ttlMs, atMs);
    expect(renewed).toEqual({ ok: true, value: { kind: 'renewed', costByteSeconds: cost, lease: { tenant: 'small', leaseId: 'k', sizeBytes: KIB, expiresAtMs: Math.max(10_000, atMs + ttlMs) } } });
  });

  it('renews within a full quota when the extension fits, and refuses one that does not', () => {
    const l = ledger();
    expect(l.grant('small', 'k', 10 * KIB, 10_000, 0).ok).toBe(true); // the whole quota
    expect(l.grant('small', 'k', 10 * KIB, 10_000, 3_000).ok).toBe(true); // 70 held + 30 added
    expect(l.grant('small', 'k', 10 * KIB, 12_000, 3_000).ok).toBe(false);
  });

  it('expires leases at their time and not before, per tenant, and a lease past its time is new again', () => {
    const l = ledger();
    l.grant('small', 'a', KIB, 1_000, 0);
    l.grant('big', 'b', KIB, 2_000, 0);
    expect(l.expire(999)).toEqual([]);
    expect(l.expire(1_000).map((lease) => lease.leaseId)).toEqual(['a']);
    expect(l.live('small', 'a', 1_000)).toBeUndefined();
    expect(l.live('big', 'b', 1_000)).toBeDefined();
    expect(l.tenants()).toEqual(['big']);
    expect(l.grant('small', 'a', KIB, 1_000, 1_500)).toMatchObject({ ok: true, value: { kind: 'created' } });
    expect(l.heldBytes('big', 2_000)).toBe(0);
  });
});

describe('quotaExceededReply', () => {
  it.each([
    [{ costByteSeconds: 200, availableByteSeconds: 50, quotaByteSeconds: 100, heldBytes: 5 }, 400, undefined],
    [{ costByteSeconds: 80, availableByteSeconds: 50, quotaByteSeconds: 100, heldBytes: 5 }, 429, '6'],
    [{ costByteSeconds: 80, availableByteSeconds: 0, quotaByteSeconds: 100, heldBytes: 0 }, 429, '3600'],
  ])('answers %j with %d, retry after %s s', (e, status, retryAfter) => {
    const reply = quotaExceededReply({ kind: 'over-quota', tenant: 't', ...e });
    expect(reply.status).toBe(status);
    expect(reply.body.error.message).toContain('prompt-cache');
    expect(reply.headers['retry-after']).toBe(retryAfter);
  });
});
