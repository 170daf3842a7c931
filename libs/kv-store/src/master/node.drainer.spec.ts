import { type BlockKey } from '@tsukimi/kv-block';
import { ManualClock } from '@tsukimi/telemetry';
import { LocalNodeRegistry, LocalTransport } from '@tsukimi/transfer';
import { seededRandom } from '../common/random';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { NodeStore } from '../node/node.store';
import { nodeBlockStore } from '../pool/node-block.store';
import { type BlockCopier } from '../replication/block-copier.port';
import { TransportBlockCopier } from '../replication/transport-block.copier';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { StoreMaster } from './store.master';

/** A master over real node stores served in process; `duringCopy` runs inside each copy, as other work would. */
async function pool(dramBytes: Record<string, number>, duringCopy: (copies: number) => Promise<void> | void = () => undefined) {
  const clock = new ManualClock();
  const registry = new LocalNodeRegistry();
  const store = new MemoryMetadataStore({ random: seededRandom(1) });
  const local = new TransportBlockCopier(new LocalTransport(registry));
  const copied: BlockKey[] = [];
  const copier: BlockCopier = {
    async copy(key, sources, target, timeoutMs) {
      copied.push(key);
      await duringCopy(copied.length);
      return local.copy(key, sources, target, timeoutMs);
    },
  };
  const master = new StoreMaster({ store, clock, random: seededRandom(1), options: { leaseTtlMs: 100 }, copier });
  const nodes = new Map<string, NodeStore>();
  for (const [name, bytes] of Object.entries(dramBytes)) {
    const node = new NodeStore({ nodeId: nodeId(name), dram: new DramTier({ capacityBytes: bytes }) });
    nodes.set(name, node);
    registry.register(name, nodeBlockStore(node));
    await master.heartbeat(nodeId(name), { capacityBytes: { dram: bytes }, dataAddress: { host: 'local', port: 1 } });
  }
  async function putOn(name: string, key: BlockKey) {
    await master.putStart(key, encodedSize(), { strategy: 'local-first', preferredNode: nodeId(name) });
    await nodes.get(name)!.put(key, encodedBlock(key));
    await master.putEnd(key);
  }
  const holders = async (key: BlockKey) => (await store.getEntries([key]))[0]?.replicas.map((replica) => replica.nodeId as string).sort() ?? [];
  return { clock, master, nodes, copied, putOn, holders };
}

const ROOM = 10_000;

describe('NodeDrainer (StoreMaster.leave with a drain budget)', () => {
  it('moves every block only the leaving node holds to another node, byte for byte, and loses none', async () => {
    const { master, nodes, putOn, holders } = await pool({ a: ROOM, b: ROOM });
    const keys = [1, 2, 3].map(keyOf);
    for (const key of keys) await putOn('a', key);
    const departure = await master.leave(nodeId('a'), 5_000);
    expect(departure).toMatchObject({ nodeId: 'a', movedBlocks: 3, movedBytes: 3 * encodedSize(), droppedBlocks: 0, failedCopies: 0, budgetSpent: false });
    for (const key of keys) {
      expect(await holders(key)).toEqual(['b']);
      const copy = await nodes.get('b')!.get(key);
      expect(copy.ok && Buffer.from(copy.value.bytes).equals(Buffer.from(encodedBlock(key)))).toBe(true);
    }
    const read = await master.get(keys);
    expect(read.map((hit) => hit.ok && hit.value.replicas.map((replica) => replica.nodeId))).toEqual([['b'], ['b'], ['b']]);
  });

  it('without a budget, drops the blocks at once as a plain leave does', async () => {
    const { master, copied, putOn, holders } = await pool({ a: ROOM, b: ROOM });
    await putOn('a', keyOf(1));
    expect(await master.leave(nodeId('a'))).toEqual({ nodeId: 'a', droppedReplicas: 1, droppedBlocks: 1 });
    expect(copied).toEqual([]);
    expect(await holders(keyOf(1))).toEqual([]);
  });

  it('places no new block on the leaving node while it drains, and still serves reads from it', async () => {
    const placed: string[][] = [];
    const readable: boolean[] = [];
    const env = await pool({ a: ROOM, b: ROOM }, async (copies) => {
      if (copies !== 1) return;
      const put = await env.master.putStart(keyOf(99), encodedSize(), { strategy: 'local-first', preferredNode: nodeId('a') });
      placed.push(put.ok && put.value.outcome === 'allocated' ? put.value.replicas.map((replica) => replica.nodeId as string) : []);
      const hit = (await env.master.get([keyOf(2)]))[0];
      readable.push(hit?.ok === true && hit.value.replicas.some((replica) => replica.nodeId === 'a'));
    });
    await env.putOn('a', keyOf(1));
    await env.putOn('a', keyOf(2));
    await env.master.leave(nodeId('a'), 5_000);
    expect(placed).toEqual([['b']]);
    expect(readable).toEqual([true]);
  });

  it('moves leased blocks, then sole replicas hottest first, then extra replicas; stops at the budget and counts the rest lost', async () => {
    const env = await pool({ a: ROOM, b: ROOM, c: ROOM }, () => env.clock.advanceMs(1_000));
    const [cold, hot, warm, leased, extra] = [1, 2, 3, 4, 5].map(keyOf) as [BlockKey, BlockKey, BlockKey, BlockKey, BlockKey];
    for (const key of [cold, hot, warm, leased, extra]) await env.putOn('a', key);
    // A second replica of `extra` on c, as a node reports one it holds.
    await env.nodes.get('c')!.put(extra, encodedBlock(extra));
    await env.master.reportTierChanges([{ kind: 'stored', nodeId: nodeId('c'), key: extra, tier: 'dram', sizeBytes: encodedSize() }]);
    expect(await env.holders(extra)).toEqual(['a', 'c']);
    for (let i = 0; i < 5; i += 1) await env.master.get([hot], 1);
    for (let i = 0; i < 2; i += 1) await env.master.get([warm], 1);
    await env.master.get([cold], 1);
    env.clock.advanceMs(10);
    await env.master.get([leased], 60_000);
    const departure = await env.master.leave(nodeId('a'), 3_500);
    expect(env.copied).toEqual([leased, hot, warm, cold]);
    expect(departure).toMatchObject({ movedBlocks: 4, droppedBlocks: 0, budgetSpent: true });
    expect(await env.holders(extra)).toEqual(['c']);
  });

  it('copies an extra replica once the sole ones are moved, keeping the block\'s replica count', async () => {
    const env = await pool({ a: ROOM, b: ROOM, c: ROOM });
    const [sole, extra] = [keyOf(1), keyOf(2)];
    await env.putOn('a', sole);
    await env.putOn('a', extra);
    await env.nodes.get('c')!.put(extra, encodedBlock(extra));
    await env.master.reportTierChanges([{ kind: 'stored', nodeId: nodeId('c'), key: extra, tier: 'dram', sizeBytes: encodedSize() }]);
    for (let i = 0; i < 9; i += 1) await env.master.get([extra], 1);
    env.clock.advanceMs(10);
    expect(await env.master.leave(nodeId('a'), 5_000)).toMatchObject({ movedBlocks: 2, droppedBlocks: 0 });
    expect(env.copied).toEqual([sole, extra]);
    expect(await env.holders(extra)).toEqual(['b', 'c']);
  });

  it('moves a pinned block (a prompt-cache lease) before hotter unpinned ones', async () => {
    const env = await pool({ a: ROOM, b: ROOM });
    const [hot, pinned] = [keyOf(1), keyOf(2)];
    await env.putOn('a', hot);
    await env.putOn('a', pinned);
    for (let i = 0; i < 5; i += 1) await env.master.get([hot], 1);
    env.clock.advanceMs(10);
    expect((await env.master.softPin(pinned, 60_000)).ok).toBe(true);
    await env.master.leave(nodeId('a'), 5_000);
    expect(env.copied).toEqual([pinned, hot]);
  });

  it('counts a block lost when no other node has room for it', async () => {
    const { master, putOn, holders } = await pool({ a: ROOM, b: Math.floor(encodedSize() * 1.5) });
    await putOn('a', keyOf(1));
    await putOn('a', keyOf(2));
    const departure = await master.leave(nodeId('a'), 5_000);
    expect(departure).toMatchObject({ movedBlocks: 1, droppedBlocks: 1 });
    expect([...(await holders(keyOf(1))), ...(await holders(keyOf(2)))]).toEqual(['b']);
  });
});
