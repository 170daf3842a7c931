import { err, type Result } from '@tsukimi/result';
import { NodeStore } from '../node/node.store';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { InProcessMasterLink } from './in-process.master-link';
import { type LinkFailure, type MasterLink } from './master-link.port';
import { NodeAgent } from './node.agent';
import { PoolCoordinator } from './pool.coordinator';
import { TierReportQueue } from './tier-report.queue';

const size = encodedSize();

/** A link that can be cut: while down, every call fails as an unreachable master would. */
class FlakyLink implements MasterLink {
  down = false;
  constructor(private readonly inner: MasterLink) {}
  private fail<T>(): Promise<Result<T, LinkFailure>> {
    return Promise.resolve(err({ kind: 'master-unavailable', message: 'link down' }));
  }
  heartbeat: MasterLink['heartbeat'] = (beat) => (this.down ? this.fail() : this.inner.heartbeat(beat));
  report: MasterLink['report'] = (id, changes) => (this.down ? this.fail() : this.inner.report(id, changes));
  reconcile: MasterLink['reconcile'] = (id, inventory) => (this.down ? this.fail() : this.inner.reconcile(id, inventory));
  leave: MasterLink['leave'] = (id) => (this.down ? this.fail() : this.inner.leave(id));
}

/** A link whose heartbeats can be held on their way to the master, as one in flight on the network is. */
class HeldHeartbeatLink extends FlakyLink {
  held = false;
  private releases: (() => void)[] = [];
  leaves = 0;
  constructor(inner: MasterLink) {
    super(inner);
    const heartbeat = this.heartbeat;
    this.heartbeat = async (beat) => {
      if (this.held) await new Promise<void>((resolve) => this.releases.push(resolve));
      return heartbeat(beat);
    };
    const leave = this.leave;
    this.leave = (id, budget) => {
      this.leaves += 1;
      return leave(id, budget);
    };
  }
  /** How many heartbeats wait to go on. */
  get waiting(): number {
    return this.releases.length;
  }
  release(): void {
    this.held = false;
    for (const go of this.releases.splice(0)) go();
  }
}

function setup() {
  const fixture = masterFixture({ nodeTimeoutMs: 1_000 });
  const coordinator = new PoolCoordinator(fixture.master);
  const link = new HeldHeartbeatLink(new InProcessMasterLink(coordinator));
  const reports = new TierReportQueue();
  const node = new NodeStore({ nodeId: nodeId('n'), dram: new DramTier({ capacityBytes: 10 * size }), observer: reports });
  const agent = new NodeAgent(node, link, reports, { host: '127.0.0.1', port: 7000 });
  return { ...fixture, coordinator, link, node, agent };
}

describe('NodeAgent and PoolCoordinator', () => {
  it('joins with its data address and reports what it stores', async () => {
    const { agent, coordinator, node, master } = setup();
    expect(await agent.pass()).toMatchObject({ reachedMaster: true, reconciled: true });
    expect(coordinator.directory.addressOf(nodeId('n'))).toEqual({ host: '127.0.0.1', port: 7000 });
    await node.put(keyOf(1), encodedBlock(keyOf(1)));
    await agent.pass();
    expect(await master.exists([keyOf(1)])).toEqual([true]);
  });

  it('reports lost while the master was unreachable are repaired by a reconcile', async () => {
    const { agent, link, node, master } = setup();
    await agent.pass();
    link.down = true;
    await node.put(keyOf(2), encodedBlock(keyOf(2)));
    expect(await agent.pass()).toMatchObject({ reachedMaster: false });
    expect(await master.exists([keyOf(2)])).toEqual([false]);
    link.down = false;
    expect(await agent.pass()).toMatchObject({ reachedMaster: true, reconciled: true });
    expect(await master.exists([keyOf(2)])).toEqual([true]);
  });

  it('hands queued commands over at the next heartbeat, once', async () => {
    const { agent, coordinator, node } = setup();
    await agent.pass();
    await node.put(keyOf(3), encodedBlock(keyOf(3)));
    coordinator.enqueue([{ kind: 'delete', nodeId: nodeId('n'), key: keyOf(3) }]);
    expect(coordinator.pendingCommands(nodeId('n'))).toBe(1);
    expect((await agent.pass()).applied).toEqual({ demoted: 0, deleted: 1, absent: 0 });
    expect(node.tierOf(keyOf(3))).toBeUndefined();
    expect((await agent.pass()).applied).toEqual({ demoted: 0, deleted: 0, absent: 0 });
  });

  it('a delete queued for a block that a later put places on the same node again is withdrawn, so the new write stays', async () => {
    const { agent, coordinator, node } = setup();
    await agent.pass();
    await node.put(keyOf(5), encodedBlock(keyOf(5)));
    coordinator.enqueue([
      { kind: 'delete', nodeId: nodeId('n'), key: keyOf(5) },
      { kind: 'delete', nodeId: nodeId('n'), key: keyOf(6) },
    ]);
    coordinator.withdrawDeletes(keyOf(5), [nodeId('n')]);
    expect((await agent.pass()).applied).toEqual({ demoted: 0, deleted: 0, absent: 1 });
    expect(node.tierOf(keyOf(5))).toBe('dram');
  });

  it('a node the master expired rejoins and re-registers its blocks', async () => {
    const { agent, coordinator, node, master, clock } = setup();
    await agent.pass();
    await node.put(keyOf(4), encodedBlock(keyOf(4)));
    await agent.pass();
    clock.advanceMs(1_001);
    const tick = await coordinator.tick();
    expect(tick.departedNodes.map((d) => d.nodeId)).toEqual(['n']);
    expect(coordinator.directory.addressOf(nodeId('n'))).toBeUndefined();
    expect(await master.exists([keyOf(4)])).toEqual([false]);
    expect(await agent.pass()).toMatchObject({ reconciled: true });
    expect(await master.exists([keyOf(4)])).toEqual([true]);
  });

  it('a heartbeat under way when the node leaves reaches the master before the leave, so it cannot take the node back', async () => {
    const { agent, coordinator, node, master, link } = setup();
    await node.put(keyOf(7), encodedBlock(keyOf(7)));
    await agent.pass();
    expect(await master.exists([keyOf(7)])).toEqual([true]);
    link.held = true;
    const passing = agent.pass();
    // The pass's heartbeat is on its way (its reports flushed first) when the drain ends and the node leaves.
    while (link.waiting === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const leaving = agent.leave();
    // The leave goes as far as it can while the heartbeat is held: today, to the master and back.
    await new Promise<void>((resolve) => setImmediate(resolve));
    link.release();
    await passing;
    expect(await leaving).toMatchObject({ ok: true });
    expect(link.leaves).toBe(1);
    expect(coordinator.directory.addressOf(nodeId('n'))).toBeUndefined();
    expect(await master.liveNodes()).toEqual([]);
    expect(await master.exists([keyOf(7)])).toEqual([false]);
  });

  it('a node that left does not heartbeat again, so a pass after the leave leaves it out of the pool', async () => {
    const { agent, coordinator, master, node } = setup();
    await node.put(keyOf(8), encodedBlock(keyOf(8)));
    await agent.pass();
    expect(await agent.leave()).toMatchObject({ ok: true });
    expect(await agent.pass()).toMatchObject({ reachedMaster: false, reconciled: false, left: true });
    expect(coordinator.directory.addressOf(nodeId('n'))).toBeUndefined();
    expect(await master.exists([keyOf(8)])).toEqual([false]);
  });
});
