import { setTimeout as sleep } from 'node:timers/promises';
import { type LeaderLease } from '../leader.port';

/** One candidate for leadership, and a switch that cuts it off from the lease's store (as a network partition would). */
export interface LeaderCandidate {
  readonly lease: LeaderLease;
  cutOff(): void;
}

/** What a contract run needs: candidates over one fresh lease, each made with `leaseMs`. */
export interface LeaderLeaseFixture {
  readonly leaseMs: number;
  /** A candidate named `id`; `nowMs` is its clock (the wall clock where not given). */
  candidate(id: string, nowMs?: () => number): Promise<LeaderCandidate>;
}

/**
 * The leader lease's contract, run against the in-memory record store, Redis and the Kubernetes
 * Lease adapter alike: one leader at a time, renewal keeps it, takeover only after the lease
 * lapses, and a holder cut off from the store counts itself out before that can happen.
 */
export function describeLeaderLeaseContract(name: string, setUp: () => Promise<LeaderLeaseFixture>, tearDown: () => Promise<void> = async () => undefined): void {
  describe(`LeaderLease contract: ${name}`, () => {
    let fixture: LeaderLeaseFixture;
    beforeEach(async () => {
      fixture = await setUp();
    });
    afterEach(tearDown);

    it('one leader at a time; a release hands over at once', async () => {
      const a = (await fixture.candidate('a')).lease;
      const b = (await fixture.candidate('b')).lease;
      await a.renew();
      await b.renew();
      expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
      await a.release();
      expect(a.isLeader()).toBe(false);
      await b.renew();
      await a.renew();
      expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
    });

    it('of candidates racing for a free lease, and then for a released one, exactly one wins each time', async () => {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(async (id) => (await fixture.candidate(id)).lease));
      await Promise.all([a!.renew(), b!.renew(), c!.renew()]);
      const first = [a!, b!, c!].filter((l) => l.isLeader());
      expect(first).toHaveLength(1);
      await first[0]!.release();
      const rest = [a!, b!, c!].filter((l) => l !== first[0]);
      await Promise.all(rest.map((l) => l.renew()));
      expect(rest.filter((l) => l.isLeader())).toHaveLength(1);
    });

    it('a holder that renews every third of the lease keeps it through several leases; another candidate never gets in', async () => {
      const a = (await fixture.candidate('a')).lease;
      const b = (await fixture.candidate('b')).lease;
      const untilMs = Date.now() + 2 * fixture.leaseMs;
      while (Date.now() < untilMs) {
        await a.renew();
        await b.renew();
        expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
        // The renewal cadence a conductor keeps, not a wait for a condition.
        await sleep(fixture.leaseMs / 3);
      }
    });

    it('a holder that stops renewing is replaced no sooner than a lease after its last renewal began, and by then counts itself out', async () => {
      const a = (await fixture.candidate('a')).lease;
      const b = (await fixture.candidate('b')).lease;
      const renewedAtMs = Date.now();
      await a.renew();
      expect(a.isLeader()).toBe(true);
      const deadlineMs = Date.now() + 10 * fixture.leaseMs;
      while (!b.isLeader() && Date.now() < deadlineMs) {
        await b.renew();
        if (!b.isLeader()) await sleep(fixture.leaseMs / 20);
      }
      expect(b.isLeader()).toBe(true);
      // Date.now() is whole milliseconds on both sides of the comparison: allow one.
      expect(Date.now() - renewedAtMs).toBeGreaterThanOrEqual(fixture.leaseMs - 1);
      expect(a.isLeader()).toBe(false);
    });

    it('cut off from the store, a holder keeps what its last renewal earned, two thirds of the lease, and no more', async () => {
      let nowMs = Date.now();
      const a = await fixture.candidate('a', () => nowMs);
      await a.lease.renew();
      expect(a.lease.isLeader()).toBe(true);
      a.cutOff();
      await a.lease.renew();
      nowMs += Math.ceil((fixture.leaseMs * 2) / 3) - 1;
      expect(a.lease.isLeader()).toBe(true);
      await a.lease.renew();
      nowMs += 1;
      expect(a.lease.isLeader()).toBe(false);
    });
  });
}
