import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { type DemotionReason, LeaderLease, type NodeId, seededRandom, StoreMaster, systemTimers } from '@tsukimi/kv-store';
import { performance } from 'node:perf_hooks';
import { systemClock } from '@tsukimi/telemetry';
import { openRedisMetadataBackend, type RedisMetadataBackend } from './redis-metadata.backend';
import { freshPrefix } from './testing/redis.fixture';
import { RedisServerProcess } from './testing/redis-server.process';
import { until } from '@tsukimi/service-kit/testing';

const TTL_MS = 600;
const LEASE = { ttlMs: TTL_MS, renewIntervalMs: 150, retryIntervalMs: 50 };
const NODES = ['node-a', 'node-b', 'node-c'] as NodeId[];

interface Moment {
  readonly atMs: number;
  readonly who: string;
  readonly what: 'elected' | DemotionReason;
}

/** One master process: its own connection, a StoreMaster over it, and a lease candidacy. */
interface Candidate {
  readonly name: string;
  readonly backend: RedisMetadataBackend;
  readonly master: StoreMaster;
  readonly lease: LeaderLease;
}

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

describe('StoreMaster failover over Redis', () => {
  const timeline: Moment[] = [];
  const started: Candidate[] = [];
  let prefix: string;

  beforeEach(() => {
    prefix = freshPrefix('failover');
    timeline.length = 0;
  });
  afterEach(async () => {
    for (const candidate of started.splice(0)) {
      await candidate.lease.stop();
      await candidate.backend.close();
    }
  });

  async function candidate(name: string, seed: number, leaseOptions = LEASE): Promise<Candidate> {
    const opened = await openRedisMetadataBackend({ url: server.url, prefix, commandTimeoutMs: 2_000 });
    if (!opened.ok) throw new Error(opened.error.message);
    const backend = opened.value;
    const master = new StoreMaster({ store: backend.store, clock: systemClock, random: seededRandom(seed), options: { nodeTimeoutMs: 60_000 } });
    const lease = new LeaderLease({
      store: backend.leaderLease,
      owner: name,
      clock: systemClock,
      timers: systemTimers,
      options: leaseOptions,
      onElected: () => timeline.push({ atMs: performance.now(), who: name, what: 'elected' }),
      onDemoted: (reason) => timeline.push({ atMs: performance.now(), who: name, what: reason }),
    });
    const made = { name, backend, master, lease };
    started.push(made);
    lease.start();
    return made;
  }

  const leaderAmong = (candidates: readonly Candidate[]) => candidates.find((c) => c.lease.isLeader());

  async function joinNodes(master: StoreMaster): Promise<void> {
    for (const nodeId of NODES) await master.heartbeat(nodeId, { capacityBytes: { dram: 1 << 30 } });
  }

  /**
   * Puts blocks one after another through whichever candidate leads, until `stop()` holds. A put
   * that fails on a dead leader is retried on the next one: its start may already be in Redis
   * (`in-progress`), or even its end (`exists`), and both finish with a put end that answers ok.
   */
  function writer(candidates: readonly Candidate[]) {
    const completed: BlockKey[] = [];
    const servedBy = new Map<string, number>();
    let stopping = false;
    let next = 0;
    const putOnce = async (master: StoreMaster, key: BlockKey): Promise<boolean> => {
      const start = await master.putStart(key, 4096, { replicas: 2 });
      if (!start.ok && start.error.kind !== 'in-progress') return false;
      return (await master.putEnd(key)).ok;
    };
    const done = (async () => {
      while (!stopping) {
        const key = blockKeyFromU64(BigInt(++next));
        for (;;) {
          const leader = await until('a leader', () => leaderAmong(candidates), 10_000);
          try {
            if (await putOnce(leader.master, key)) break;
          } catch {
            await until('another leader', () => leaderAmong(candidates) !== leader || undefined, 10_000);
          }
        }
        completed.push(key);
        const leader = leaderAmong(candidates)?.name ?? 'none';
        servedBy.set(leader, (servedBy.get(leader) ?? 0) + 1);
      }
    })();
    return {
      completed,
      servedBy,
      stop: async () => {
        stopping = true;
        await done;
      },
    };
  }

  it('hands over to the standby within about a TTL when the leader dies, losing no completed block', async () => {
    const a = await candidate('master-a', 1);
    await until('master-a to lead', () => a.lease.isLeader() || undefined);
    const b = await candidate('master-b', 2);
    await joinNodes(a.master);
    const puts = writer([a, b]);
    await until('puts through master-a', () => puts.completed.length >= 30 || undefined);
    expect(b.lease.isLeader()).toBe(false);

    // The leader's process dies: its connection closes mid-stream and it can no longer renew.
    const crashedAtMs = performance.now();
    await a.backend.close();
    await until('master-b to lead', () => b.lease.isLeader() || undefined, 10_000);
    const electedAfterMs = performance.now() - crashedAtMs;
    const countAtHandover = puts.completed.length;
    await until('puts through master-b', () => puts.completed.length >= countAtHandover + 30 || undefined);
    await puts.stop();

    expect(electedAfterMs).toBeLessThan(TTL_MS * 2);
    // master-a gave up leadership before master-b took it: never two leaders at once.
    const demotedA = timeline.find((m) => m.who === 'master-a' && m.what === 'expired');
    const electedB = timeline.find((m) => m.who === 'master-b' && m.what === 'elected');
    expect(demotedA?.atMs).toBeLessThanOrEqual(electedB?.atMs ?? -1);
    expect(puts.servedBy.get('master-b')).toBeGreaterThanOrEqual(30);

    expect(await b.master.exists(puts.completed)).toEqual(puts.completed.map(() => true));
    const snapshot = await b.master.snapshot();
    const indexed = new Set(snapshot.replicas.map((replica) => replica.key));
    expect(puts.completed.filter((key) => !indexed.has(key))).toEqual([]);
  });

  it('hands over within a retry interval, not a TTL, when the leader stops cleanly', async () => {
    const slow = { ...LEASE, ttlMs: 10_000, renewIntervalMs: 2_000 };
    const a = await candidate('master-a', 1, slow);
    await until('master-a to lead', () => a.lease.isLeader() || undefined);
    const b = await candidate('master-b', 2, slow);
    const stoppedAtMs = performance.now();
    await a.lease.stop();
    await until('master-b to lead', () => b.lease.isLeader() || undefined, 5_000);
    expect(performance.now() - stoppedAtMs).toBeLessThan(1_000);
    expect(timeline.map((m) => `${m.who} ${m.what}`)).toEqual(['master-a elected', 'master-a stopped', 'master-b elected']);
  });

  it('lets a master restarted over a new connection see every completed block, node record and event', async () => {
    const a = await candidate('master-a', 1);
    await until('master-a to lead', () => a.lease.isLeader() || undefined);
    await joinNodes(a.master);
    const puts = writer([a]);
    await until('puts through master-a', () => puts.completed.length >= 50 || undefined);
    await puts.stop();
    const pending = blockKeyFromU64(10_000n);
    await a.master.putStart(pending, 4096);
    const nodesBefore = await a.backend.store.listNodes();
    const headBefore = await a.backend.store.eventLogHead();
    await a.lease.stop();
    await a.backend.close();

    const restarted = await candidate('master-a2', 3);
    await until('the restarted master to lead', () => restarted.lease.isLeader() || undefined);
    expect(await restarted.master.exists(puts.completed)).toEqual(puts.completed.map(() => true));
    const byId = (records: readonly { readonly nodeId: string }[]) => [...records].sort((x, y) => x.nodeId.localeCompare(y.nodeId));
    expect(byId(await restarted.backend.store.listNodes())).toEqual(byId(nodesBefore));
    expect(await restarted.backend.store.eventLogHead()).toEqual(headBefore);
    // The put left open by the old master can be finished by the new one.
    expect(await restarted.master.putEnd(pending)).toMatchObject({ ok: true, value: { outcome: 'completed' } });
    expect((await restarted.master.since(headBefore.epoch, headBefore.lastEventId)).ok).toBe(true);
  });
});
