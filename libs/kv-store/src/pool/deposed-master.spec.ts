import { ManualClock } from '@tsukimi/telemetry';
import { LeaderLease } from '../lease/leader.lease';
import { ManualTimers } from '../lease/manual.timers';
import { MemoryLeaseStore } from '../lease/memory-lease.store';
import { StoreMaster } from '../master/store.master';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { NodeStore } from '../node/node.store';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { InProcessMasterLink } from './in-process.master-link';
import { type MasterLink } from './master-link.port';
import { NodeAgent } from './node.agent';
import { PoolCoordinator } from './pool.coordinator';
import { TierReportQueue } from './tier-report.queue';

const lease = { ttlMs: 900, renewIntervalMs: 300, retryIntervalMs: 300, driftMarginMs: 45 };

/** A node's line to whichever master the test points it at, as a failover channel would be. */
class SwitchedLink implements MasterLink {
  constructor(public to: MasterLink) {}
  heartbeat: MasterLink['heartbeat'] = (beat) => this.to.heartbeat(beat);
  report: MasterLink['report'] = (id, changes) => this.to.report(id, changes);
  reconcile: MasterLink['reconcile'] = (id, inventory) => this.to.reconcile(id, inventory);
  leave: MasterLink['leave'] = (id) => this.to.leave(id);
}

/** Two masters over one metadata store and one lease, and a node; `a` leads first. */
async function twoMasters() {
  const clock = new ManualClock({ nowMs: 0 });
  const timers = new ManualTimers(clock);
  const leases = new MemoryLeaseStore(clock);
  const metadata = new MemoryMetadataStore();
  const master = (owner: string) => {
    const leader = new LeaderLease({ store: leases, owner, clock, timers, options: lease });
    const coordinator = new PoolCoordinator(new StoreMaster({ store: metadata, clock }), () => leader.epoch());
    return { leader, coordinator, link: new InProcessMasterLink(coordinator) };
  };
  const [a, b] = [master('a'), master('b')];
  a.leader.start();
  await timers.advanceMs(0);
  b.leader.start();
  const reports = new TierReportQueue();
  const node = new NodeStore({ nodeId: nodeId('n'), dram: new DramTier({ capacityBytes: 10 * encodedSize() }), observer: reports });
  const link = new SwitchedLink(a.link);
  const agent = new NodeAgent(node, link, reports, { host: '127.0.0.1', port: 7000 });
  return { clock, timers, a, b, node, link, agent };
}

describe('a node and a deposed master', () => {
  it('refuses the commands of a master that answers in an epoch below one the node has heard, and counts them', async () => {
    const { timers, a, b, node, link, agent } = await twoMasters();
    await node.put(keyOf(1), encodedBlock(keyOf(1)));
    expect(await agent.pass()).toMatchObject({ reachedMaster: true, reconciled: true });
    const first = a.leader.epoch()!;
    expect(agent.fence.highestEpoch).toBe(first);

    // a pauses believing it leads in its epoch; its lease lapses and b takes over.
    const deposed = new PoolCoordinator(a.coordinator.master, () => first);
    await a.leader.stop();
    await timers.advanceMs(lease.retryIntervalMs);
    const second = b.leader.epoch()!;
    expect(second).toBeGreaterThan(first);
    link.to = b.link;
    expect(await agent.pass()).toMatchObject({ reachedMaster: true });
    expect(agent.fence.highestEpoch).toBe(second);

    // a resumes and hands over a delete it decided on before the pause.
    deposed.enqueue([{ kind: 'delete', nodeId: nodeId('n'), key: keyOf(1) }]);
    link.to = new InProcessMasterLink(deposed);
    expect(await agent.pass()).toEqual({
      reachedMaster: false,
      reconciled: false,
      applied: { demoted: 0, deleted: 0, absent: 0 },
      staleEpoch: { epoch: first, highestEpoch: second, refusedCommands: 1 },
    });
    expect(node.tierOf(keyOf(1))).toBe('dram');
    expect(agent.fence.refused).toBe(1);

    // Back on the leader the node reconciles (it may have missed changes) and obeys it again.
    link.to = b.link;
    b.coordinator.enqueue([{ kind: 'delete', nodeId: nodeId('n'), key: keyOf(1) }]);
    expect(await agent.pass()).toMatchObject({ reachedMaster: true, reconciled: true, applied: { deleted: 1 } });
    expect(node.tierOf(keyOf(1))).toBeUndefined();
  });

  it('a master that no longer leads answers no heartbeat, so it hands over no command', async () => {
    const { timers, a, b } = await twoMasters();
    await a.leader.stop();
    a.coordinator.enqueue([{ kind: 'delete', nodeId: nodeId('n'), key: keyOf(2) }]);
    const beat = { nodeId: nodeId('n'), capacityBytes: { dram: 1024 }, usedBytes: { dram: 0 } };
    expect(await a.coordinator.heartbeat(beat)).toEqual({ ok: false, error: { kind: 'master-unavailable', message: 'this kvpool master does not lead' } });
    expect(a.coordinator.pendingCommands(nodeId('n'))).toBe(1);
    await timers.advanceMs(lease.retryIntervalMs);
    expect(await b.coordinator.heartbeat(beat)).toEqual({ ok: true, value: { joined: true, commands: [], epoch: b.leader.epoch() } });
  });
});
