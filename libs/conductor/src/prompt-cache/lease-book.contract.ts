import { type LeaseBook } from './lease-book.port';

export interface LeaseBookHarness {
  readonly book: LeaseBook;
  /** Another handle on the same leases, as another conductor replica sees them. */
  readonly rival: LeaseBook;
  close?(): Promise<void>;
}

const KIB = 1024;
/** Wall-clock ms the suite's leases start at; far enough ahead that Redis keeps their keys. */
const T0 = Date.now() + 3_600_000;
const QUOTA = 100 * KIB;
const lease = (leaseId: string, sizeBytes: number, ttlMs: number) => ({ leaseId, sizeBytes, ttlMs });

/**
 * The behaviour every LeaseBook must show; the memory book and the Redis adapter both run it, each
 * test on a fresh book, with a quota of 100 KiB·s (10 KiB for 10 s).
 */
export function runLeaseBookContract(name: string, create: () => Promise<LeaseBookHarness>): void {
  describe(`LeaseBook contract: ${name}`, () => {
    let harness: LeaseBookHarness | undefined;
    const open = async () => (harness = await create());
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });

    it('books a lease that fits, at bytes x its TTL, and shows it to every handle', async () => {
      const { book, rival } = await open();
      const charged = await book.charge('t', [lease('a', 4 * KIB, 10_000)], QUOTA, T0);
      expect(charged).toEqual({ ok: true, value: { expired: 0, leases: [{ leaseId: 'a', kind: 'created', expiresAtMs: T0 + 10_000, costByteSeconds: 40 * KIB }] } });
      expect(await rival.held('t', T0 + 1)).toEqual({ ok: true, value: { heldBytes: 4 * KIB, expired: 0 } });
      expect(await rival.held('other', T0 + 1)).toEqual({ ok: true, value: { heldBytes: 0, expired: 0 } });
    });

    it('refuses a quota spent through another handle, all of a request or none, and names the account', async () => {
      const { book, rival } = await open();
      expect((await book.charge('t', [lease('a', 6 * KIB, 10_000)], QUOTA, T0)).ok).toBe(true);
      const refused = await rival.charge('t', [lease('b', 2 * KIB, 10_000), lease('c', 3 * KIB, 10_000)], QUOTA, T0);
      expect(refused).toEqual({ ok: false, error: { kind: 'over-quota', tenant: 't', costByteSeconds: 50 * KIB, availableByteSeconds: 40 * KIB, quotaByteSeconds: QUOTA, heldBytes: 6 * KIB } });
      expect(await book.held('t', T0)).toMatchObject({ ok: true, value: { heldBytes: 6 * KIB } });
      expect((await rival.charge('t', [lease('b', 2 * KIB, 10_000)], QUOTA, T0)).ok).toBe(true);
      expect((await book.charge('u', [lease('b', 2 * KIB, 10_000)], QUOTA, T0)).ok).toBe(true);
    });

    it.each([
      // used after ms, ttl, cost: only the extension past the old expiry
      [4_000, 10_000, 4 * KIB],
      [2_000, 1_000, 0],
    ])('renews a live lease %d ms in for %d ms at %d byte-seconds', async (atMs, ttlMs, cost) => {
      const { book, rival } = await open();
      await book.charge('t', [lease('k', KIB, 10_000)], QUOTA, T0);
      const renewed = await rival.charge('t', [lease('k', KIB, ttlMs)], QUOTA, T0 + atMs);
      expect(renewed).toEqual({ ok: true, value: { expired: 0, leases: [{ leaseId: 'k', kind: 'renewed', expiresAtMs: Math.max(T0 + 10_000, T0 + atMs + ttlMs), previousExpiresAtMs: T0 + 10_000, costByteSeconds: cost }] } });
    });

    it('charges without a quota, however large', async () => {
      const { book } = await open();
      expect(await book.charge('t', [lease('a', 1e12, 3_600_000)], undefined, T0)).toMatchObject({ ok: true, value: { leases: [{ costByteSeconds: 3.6e15 }] } });
    });

    it('gives a released charge back: a new lease goes, a renewed one keeps its old expiry', async () => {
      const { book, rival } = await open();
      await book.charge('t', [lease('old', 5 * KIB, 10_000)], QUOTA, T0);
      const charged = await book.charge('t', [lease('old', 5 * KIB, 15_000), lease('new', 2 * KIB, 10_000)], QUOTA, T0 + 5_000);
      if (!charged.ok) throw new Error('charge refused');
      expect(await rival.release('t', charged.value.leases, T0 + 5_000)).toEqual({ ok: true, value: undefined });
      expect(await book.held('t', T0 + 5_000)).toMatchObject({ ok: true, value: { heldBytes: 5 * KIB } });
      // The old lease ends at T0 + 10 s again: 5 KiB for 5 s left, so 75 KiB·s are free.
      expect(await book.charge('t', [lease('x', 7.5 * KIB, 10_000)], QUOTA, T0 + 5_000)).toMatchObject({ ok: true });
    });

    it('does not undo a renewal that came after the released charge', async () => {
      const { book, rival } = await open();
      const first = await book.charge('t', [lease('k', KIB, 10_000)], QUOTA, T0);
      await rival.charge('t', [lease('k', KIB, 10_000)], QUOTA, T0 + 2_000);
      if (!first.ok) throw new Error('charge refused');
      await book.release('t', first.value.leases, T0 + 2_000);
      expect(await book.held('t', T0 + 11_000)).toMatchObject({ ok: true, value: { heldBytes: KIB } });
    });

    it('counts each run-out lease once, whichever handle finds it, and frees its quota', async () => {
      const { book, rival } = await open();
      await book.charge('t', [lease('a', 5 * KIB, 1_000), lease('b', 5 * KIB, 18_000)], QUOTA, T0);
      expect(await rival.held('t', T0 + 1_000)).toEqual({ ok: true, value: { heldBytes: 5 * KIB, expired: 1 } });
      expect(await book.held('t', T0 + 1_000)).toEqual({ ok: true, value: { heldBytes: 5 * KIB, expired: 0 } });
      const charged = await book.charge('t', [lease('a', 5 * KIB, 1_000)], QUOTA, T0 + 20_000);
      expect(charged).toMatchObject({ ok: true, value: { expired: 1, leases: [{ kind: 'created' }] } });
    });
  });
}
