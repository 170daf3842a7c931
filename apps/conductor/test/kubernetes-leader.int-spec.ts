import { setTimeout as sleep } from 'node:timers/promises';
import { describeLeaderLeaseContract, leaseCallTimeoutMs, type LeaseRecordStore, LeaseRecordLeader } from '@tsukimi/planner';
import { AdapterProcess } from './adapter.process';
import { FakeLeaseApi } from './fake-lease-api';

/**
 * The Kubernetes Lease leader: LeaseRecordLeader here, over the real KubernetesLeaseRecords
 * (client-node over real HTTP, in a process of its own) against a loopback server that keeps
 * Leases with the API server's resourceVersion conflicts. Leases are whole seconds: one second.
 */
const LEASE_MS = 1_000;
const LEASE_NAME = 'tsukimi-planner-leader';

let api: FakeLeaseApi;
let relay: AdapterProcess;

/** One candidate's view of the Lease: its calls carry its name, which the fake can cut off. */
const recordsOf = (candidate: string): LeaseRecordStore => ({
  read: () => relay.call({ candidate, op: 'read' }),
  create: (record) => relay.call({ candidate, op: 'create', record }),
  replace: (record, resourceVersion) => relay.call({ candidate, op: 'replace', record, resourceVersion }),
});

beforeAll(async () => {
  api = await FakeLeaseApi.start();
  relay = await AdapterProcess.start('lease-adapter-process.ts', api.kubeconfig(), [api.namespace, LEASE_NAME, String(leaseCallTimeoutMs(LEASE_MS))]);
}, 30_000);
afterAll(async () => {
  await relay?.stop();
  await api?.stop();
});

describeLeaderLeaseContract('Kubernetes Lease (loopback HTTP)', async () => {
  api.reset();
  return {
    leaseMs: LEASE_MS,
    candidate: async (id, nowMs = () => Date.now()) => ({ lease: new LeaseRecordLeader(recordsOf(id), id, LEASE_MS, nowMs), cutOff: () => api.cutOff.add(id) }),
  };
});

describe('KubernetesLeaseRecords on the wire', () => {
  beforeEach(() => api.reset());

  it('creates the Lease with MicroTimes, updates it by resourceVersion, and a stale update is a conflict', async () => {
    const records = recordsOf('a');
    expect(await records.read()).toEqual({ ok: true });
    const created = await records.create({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTimeMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678), renewTimeMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678), leaseTransitions: 0 });
    expect(created).toEqual({ ok: true, value: expect.objectContaining({ holderIdentity: 'a', leaseDurationSeconds: 15, renewTimeMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678) }) });
    const first = created.ok ? created.value.resourceVersion : '';
    expect(api.lease(LEASE_NAME)?.spec).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-02T03:04:05.678000Z', renewTime: '2026-01-02T03:04:05.678000Z', leaseTransitions: 0 });
    expect(await records.create({ holderIdentity: 'b', leaseDurationSeconds: 15, acquireTimeMs: 0, renewTimeMs: 0, leaseTransitions: 0 })).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict' }) });
    const renewed = await records.replace({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTimeMs: 0, renewTimeMs: 1_000, leaseTransitions: 0 }, first);
    expect(renewed).toEqual({ ok: true, value: expect.objectContaining({ renewTimeMs: 1_000 }) });
    expect(renewed.ok && renewed.value.resourceVersion).not.toBe(first);
    expect(await recordsOf('b').replace({ holderIdentity: 'b', leaseDurationSeconds: 15, acquireTimeMs: 0, renewTimeMs: 0, leaseTransitions: 1 }, first)).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict' }) });
    expect(api.lease(LEASE_NAME)?.spec?.['holderIdentity']).toBe('a');
    expect(api.verbs).toEqual(['GET tsukimi-planner-leader', 'POST ', 'POST ', 'PUT tsukimi-planner-leader', 'PUT tsukimi-planner-leader']);
  });

  it('an API server that cannot be reached is unavailable, not a conflict', async () => {
    api.cutOff.add('a');
    expect(await recordsOf('a').read()).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable' }) });
  });
});

describe('an API server that takes the Lease calls and never answers them', () => {
  beforeEach(() => api.reset());

  /** Renews as the conductor does, a third of the lease apart, until `done`; each renewal must end, answered or not. */
  async function renewUntil(lease: LeaseRecordLeader, done: () => boolean, deadlineMs: number): Promise<void> {
    while (!done() && Date.now() < deadlineMs) {
      await lease.renew();
      // The renewal cadence a conductor keeps, not a wait for a condition.
      if (!done()) await sleep(LEASE_MS / 3);
    }
  }

  it('fails each call as unavailable within the call timeout, so a renewal ends within the two thirds of the lease its holder acts on and never gains a free lease', async () => {
    api.unanswered.add('a');
    const startMs = Date.now();
    expect(await recordsOf('a').read()).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable', message: expect.stringContaining(`did not answer within ${leaseCallTimeoutMs(LEASE_MS)} ms`) }) });
    const lease = new LeaseRecordLeader(recordsOf('a'), 'a', LEASE_MS, () => Date.now());
    await lease.renew();
    expect(lease.isLeader()).toBe(false);
    expect(Date.now() - startMs).toBeLessThan(2 * ((LEASE_MS * 2) / 3));
    expect(api.lease(LEASE_NAME)).toBeUndefined();
  });

  it('a holder whose calls hang loses the lease and renews on; the other takes over after a lease, never while it leads; once answered again, the first renews into following', async () => {
    const a = new LeaseRecordLeader(recordsOf('a'), 'a', LEASE_MS, () => Date.now());
    const b = new LeaseRecordLeader(recordsOf('b'), 'b', LEASE_MS, () => Date.now());
    await a.renew();
    await b.renew();
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    api.unanswered.add('a');
    const hungAtMs = Date.now();
    const both: string[] = [];
    const deadlineMs = Date.now() + 10 * LEASE_MS;
    // Both candidates renew side by side, as two conductors would; neither loop may stall on a hung call.
    await Promise.all([
      renewUntil(a, () => !a.isLeader() && b.isLeader(), deadlineMs),
      (async () => {
        while (!b.isLeader() && Date.now() < deadlineMs) {
          await b.renew();
          if (a.isLeader() && b.isLeader()) both.push(`at ${Date.now() - hungAtMs} ms`);
          if (!b.isLeader()) await sleep(LEASE_MS / 20);
        }
      })(),
    ]);
    expect(both).toEqual([]);
    expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
    expect(Date.now() - hungAtMs).toBeLessThan(10 * LEASE_MS);
    api.unanswered.delete('a');
    await a.renew();
    await b.renew();
    expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
    expect(api.lease(LEASE_NAME)?.spec?.['holderIdentity']).toBe('b');
  });
});
