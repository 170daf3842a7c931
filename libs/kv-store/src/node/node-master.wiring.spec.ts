import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../common/random';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { SsdTier } from '../tier/ssd/ssd.tier';
import { NodeStore } from './node.store';
import { RecordingTierObserver } from './tier-observer.port';

/** The loop a node process and the master's gRPC service will run, in process: writes, tier reports, commands. */
const size = encodedSize();
const a = nodeId('a');
let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-wiring-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function startNode(dramBlocks: number, ssdBlocks: number) {
  const observer = new RecordingTierObserver();
  const ssd = await SsdTier.open({ dir, capacityBytes: ssdBlocks * size, random: seededRandom(5) });
  const node = new NodeStore({ nodeId: a, dram: new DramTier({ capacityBytes: dramBlocks * size }), ssd, observer, promoteOnHit: false });
  return { node, observer, capacityBytes: { dram: dramBlocks * size, ssd: ssdBlocks * size } };
}

describe('a node store wired to the master', () => {
  it('puts through the master, writes to the node, and serves the replica the master names', async () => {
    const { master } = masterFixture();
    const { node, observer, capacityBytes } = await startNode(4, 4);
    await master.heartbeat(a, { capacityBytes });
    const started = await master.putStart(keyOf(1), size);
    expect(started.ok && started.value.replicas).toEqual([{ nodeId: 'a', tier: 'dram' }]);
    expect((await node.put(keyOf(1), encodedBlock(keyOf(1)))).ok).toBe(true);
    expect(await master.reportTierChanges(observer.changes.splice(0))).toEqual(['unchanged']);
    await master.putEnd(keyOf(1));
    const [hit] = await master.get([keyOf(1)]);
    expect(hit?.ok && hit.value.replicas[0]?.nodeId).toBe('a');
    expect((await node.get(keyOf(1))).ok).toBe(true);
  });

  it('carries out eviction commands, after which the node and the master agree', async () => {
    const { master, putComplete } = masterFixture();
    const { node, observer, capacityBytes } = await startNode(10, 10);
    await master.heartbeat(a, { capacityBytes });
    for (let n = 1; n <= 9; n += 1) {
      await putComplete(keyOf(n), size);
      await node.put(keyOf(n), encodedBlock(keyOf(n)));
    }
    const { commands } = await master.tick();
    expect(commands).toHaveLength(1);
    for (const command of commands) expect(await node.apply(command)).toBe('demoted');
    expect(await master.reportTierChanges(observer.changes.splice(0))).toEqual(Array(10).fill('unchanged'));
    const [hit] = await master.get([keyOf(1)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'a', tier: 'ssd' }]);
    expect(node.tierOf(keyOf(1))).toBe('ssd');
  });

  it('re-registers SSD blocks after a node restart', async () => {
    const { master, clock } = masterFixture({ nodeTimeoutMs: 1_000 });
    const first = await startNode(1, 4);
    await master.heartbeat(a, { capacityBytes: first.capacityBytes });
    for (const n of [1, 2, 3]) await first.node.put(keyOf(n), encodedBlock(keyOf(n)));
    await master.reportTierChanges(first.observer.changes.splice(0));
    clock.advanceMs(1_001);
    await master.tick();
    expect(await master.exists([keyOf(1), keyOf(2), keyOf(3)])).toEqual([false, false, false]);

    const restarted = await startNode(1, 4);
    expect(await master.heartbeat(a, { capacityBytes: restarted.capacityBytes })).toEqual({ ok: true, value: 'joined' });
    expect(await master.reconcileNode(a, restarted.node.inventory())).toEqual({ outcome: 'reconciled', corrected: 2, dropped: 0 });
    expect(await master.exists([keyOf(1), keyOf(2), keyOf(3)])).toEqual([true, true, false]);
    const [hit] = await master.get([keyOf(2)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'a', tier: 'ssd' }]);
    expect((await restarted.node.get(keyOf(2))).ok).toBe(true);
  });
});
