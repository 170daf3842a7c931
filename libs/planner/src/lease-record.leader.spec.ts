import { LeaseRecordLeader } from './lease-record.leader';
import { InMemoryLeaseRecords } from './testing/in-memory.lease-records';
import { describeLeaderLeaseContract } from './testing/leader-lease.contract';

const LEASE_MS = 300;

let records: InMemoryLeaseRecords;
describeLeaderLeaseContract('LeaseRecordLeader over the in-memory lease record', async () => {
  records = new InMemoryLeaseRecords();
  return {
    leaseMs: LEASE_MS,
    candidate: async (id, nowMs = () => Date.now()) => {
      const client = records.client();
      return { lease: new LeaseRecordLeader(client, id, LEASE_MS, nowMs), cutOff: () => client.cutOff() };
    },
  };
});

describe('LeaseRecordLeader on the record', () => {
  it('takes, renews, hands over and releases the record as a Kubernetes Lease is kept', async () => {
    const store = new InMemoryLeaseRecords();
    let nowMs = 10_000;
    const a = new LeaseRecordLeader(store.client(), 'a', 1_500, () => nowMs);
    const b = new LeaseRecordLeader(store.client(), 'b', 1_500, () => nowMs);
    await a.renew();
    expect(store.current).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 2, acquireTimeMs: 10_000, renewTimeMs: 10_000, leaseTransitions: 0, resourceVersion: '1' });
    nowMs += 500;
    await a.renew();
    await b.renew();
    expect(store.current).toMatchObject({ holderIdentity: 'a', acquireTimeMs: 10_000, renewTimeMs: 10_500 });
    // b first saw version 2 at 10 500: it waits the record's two seconds from then, by its own clock.
    nowMs = 12_499;
    await b.renew();
    expect(b.isLeader()).toBe(false);
    nowMs = 12_500;
    await b.renew();
    expect(b.isLeader()).toBe(true);
    expect(store.current).toMatchObject({ holderIdentity: 'b', acquireTimeMs: 12_500, renewTimeMs: 12_500, leaseTransitions: 1 });
    await b.release();
    expect(store.current).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 1 });
  });

  it('a conflict on its own renewal (another wrote first) ends leadership at once', async () => {
    const store = new InMemoryLeaseRecords();
    const client = store.client();
    let nowMs = 0;
    const a = new LeaseRecordLeader(client, 'a', 3_000, () => nowMs);
    await a.renew();
    const stale = store.current!;
    await store.client().replace({ ...stale, holderIdentity: 'z' }, stale.resourceVersion);
    nowMs = 100;
    await a.renew();
    expect(a.isLeader()).toBe(false);
  });
});
