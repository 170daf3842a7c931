import { type LeaseStore } from './lease-store.port';

export interface LeaseStoreHarness {
  /** A fresh, free lease. */
  readonly store: LeaseStore;
  /** The same lease as another process sees it (another connection, for a networked store). */
  readonly rival: LeaseStore;
  /** Returns once at least `ms` have passed on the store's clock. */
  elapse(ms: number): Promise<void>;
  /** Releases what the factory started. */
  close?(): Promise<void>;
}

const TTL_MS = 400;

/** The epoch of a tenure the test expects to be held. */
async function epochOf(answer: ReturnType<LeaseStore['tryAcquire']>): Promise<number> {
  const settled = await answer;
  if (!settled.ok || settled.value === undefined) throw new Error(`expected the lease to be held, got ${JSON.stringify(settled)}`);
  return settled.value.epoch;
}

/**
 * The behaviour every LeaseStore must show. Call it from a spec file with a factory that returns
 * a fresh, free lease per test; the memory store and the Redis adapter both run it.
 */
export function runLeaseStoreContract(name: string, create: () => Promise<LeaseStoreHarness>): void {
  describe(`LeaseStore contract: ${name}`, () => {
    let harness: LeaseStoreHarness;
    let store: LeaseStore;
    let rival: LeaseStore;

    beforeEach(async () => {
      harness = await create();
      ({ store, rival } = harness);
    });
    afterEach(() => harness.close?.());

    it('gives a free lease to the first owner and refuses a rival', async () => {
      expect(await store.holder()).toEqual({ ok: true, value: undefined });
      expect(await store.tryAcquire('a', TTL_MS)).toEqual({ ok: true, value: { epoch: expect.any(Number) } });
      expect(await rival.tryAcquire('b', TTL_MS)).toEqual({ ok: true, value: undefined });
      expect(await rival.holder()).toEqual({ ok: true, value: 'a' });
    });

    it('lets the holder take its own lease again, in the same tenure', async () => {
      const epoch = await epochOf(store.tryAcquire('a', TTL_MS));
      expect(epoch).toBeGreaterThan(0);
      expect(await store.tryAcquire('a', TTL_MS)).toEqual({ ok: true, value: { epoch } });
    });

    it('numbers every new tenure above the last: after a release, after a lapse, for the same owner too', async () => {
      const first = await epochOf(store.tryAcquire('a', TTL_MS));
      await store.release('a');
      const second = await epochOf(rival.tryAcquire('b', TTL_MS));
      await harness.elapse(TTL_MS);
      const third = await epochOf(store.tryAcquire('a', TTL_MS));
      await store.release('a');
      const fourth = await epochOf(store.tryAcquire('a', TTL_MS));
      expect([second > first, third > second, fourth > third]).toEqual([true, true, true]);
    });

    it('gives the winner of a race a tenure above every earlier one', async () => {
      const before = await epochOf(store.tryAcquire('a', TTL_MS));
      await store.release('a');
      const answers = await Promise.all([store.tryAcquire('b', TTL_MS), rival.tryAcquire('c', TTL_MS)]);
      const won = answers.flatMap((answer) => (answer.ok && answer.value !== undefined ? [answer.value.epoch] : []));
      expect(won).toHaveLength(1);
      expect(won[0]).toBeGreaterThan(before);
    });

    it('lets exactly one of two racing owners win', async () => {
      const answers = await Promise.all([store.tryAcquire('a', TTL_MS), rival.tryAcquire('b', TTL_MS)]);
      expect(answers.filter((answer) => answer.ok && answer.value !== undefined)).toHaveLength(1);
    });

    it('renews only for the holder', async () => {
      await store.tryAcquire('a', TTL_MS);
      expect(await rival.renew('b', TTL_MS)).toEqual({ ok: true, value: false });
      expect(await store.renew('a', TTL_MS)).toEqual({ ok: true, value: true });
      expect(await rival.holder()).toEqual({ ok: true, value: 'a' });
    });

    it('lapses after the TTL: a rival takes it and the old holder can no longer renew', async () => {
      await store.tryAcquire('a', TTL_MS);
      await harness.elapse(TTL_MS);
      expect(await store.holder()).toEqual({ ok: true, value: undefined });
      expect(await rival.tryAcquire('b', TTL_MS)).toEqual({ ok: true, value: { epoch: expect.any(Number) } });
      expect(await store.renew('a', TTL_MS)).toEqual({ ok: true, value: false });
    });

    it('counts a renewed lease from the renewal', async () => {
      await store.tryAcquire('a', TTL_MS);
      await harness.elapse(TTL_MS / 2);
      await store.renew('a', TTL_MS * 4);
      await harness.elapse(TTL_MS / 2 + 50);
      expect(await rival.tryAcquire('b', TTL_MS)).toEqual({ ok: true, value: undefined });
    });

    it('frees the lease on release by the holder, and ignores a release by anyone else', async () => {
      await store.tryAcquire('a', TTL_MS);
      expect(await rival.release('b')).toEqual({ ok: true, value: false });
      expect(await rival.holder()).toEqual({ ok: true, value: 'a' });
      expect(await store.release('a')).toEqual({ ok: true, value: true });
      expect(await rival.tryAcquire('b', TTL_MS)).toEqual({ ok: true, value: { epoch: expect.any(Number) } });
      expect(await store.release('a')).toEqual({ ok: true, value: false });
    });
  });
}
