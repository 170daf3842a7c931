import { type BlockKey } from '@tsukimi/kv-block';
import { ManualClock } from '@tsukimi/telemetry';
import { LocalNodeRegistry, LocalTransport, type LocalRegistration } from '@tsukimi/transfer';
import { seededRandom } from '../common/random';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { NodeStore } from '../node/node.store';
import { nodeBlockStore } from '../pool/node-block.store';
import { type StoreMasterOptions } from './store-master.options';
import { TransportBlockCopier } from '../replication/transport-block.copier';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { StoreMaster } from './store.master';

const hot: StoreMasterOptions = { leaseTtlMs: 100, hotReplicas: 3, hotReadsPerWindow: 10, hotWindowMs: 1000, hotWindowSlices: 4 };

/** A master and real node stores served in process, the copies crossing a local transport. */
async function pool(names: string[], dramBytes = 10_000, options = hot) {
  const clock = new ManualClock();
  const registry = new LocalNodeRegistry();
  const store = new MemoryMetadataStore({ random: seededRandom(1) });
  const master = new StoreMaster({ store, clock, random: seededRandom(1), options, copier: new TransportBlockCopier(new LocalTransport(registry)) });
  const nodes = new Map<string, NodeStore>();
  const drams = new Map<string, DramTier>();
  const served = new Map<string, LocalRegistration>();
  for (const name of names) {
    drams.set(name, new DramTier({ capacityBytes: dramBytes }));
    const node = new NodeStore({ nodeId: nodeId(name), dram: drams.get(name)! });
    nodes.set(name, node);
    const registered = registry.register(name, nodeBlockStore(node));
    if (registered.ok) served.set(name, registered.value);
    await master.heartbeat(nodeId(name), { capacityBytes: { dram: dramBytes }, dataAddress: { host: 'local', port: 1 } });
  }
  async function putOn(name: string, key: BlockKey, bytes = encodedBlock(key)) {
    await master.putStart(key, bytes.length, { strategy: 'local-first', preferredNode: nodeId(name) });
    await nodes.get(name)!.put(key, bytes);
    await master.putEnd(key);
  }
  const holders = async (key: BlockKey) => (await store.getEntries([key]))[0]?.replicas.map((replica) => replica.nodeId as string).sort() ?? [];
  const read = async (key: BlockKey, times: number) => {
    for (let i = 0; i < times; i += 1) await master.get([key]);
  };
  return { clock, master, nodes, drams, served, putOn, holders, read };
}

describe('HotSpotReplicator', () => {
  it('copies a hot block to more nodes byte for byte, then drops the copies once it cools', async () => {
    const { clock, master, nodes, putOn, holders, read } = await pool(['a', 'b', 'c', 'd']);
    const key = keyOf(1);
    await putOn('a', key);
    await read(key, 25);
    const report = await master.replicateHot();
    expect(report.decisions.map((decision) => decision.reason)).toEqual(['hot', 'hot']);
    expect(await holders(key)).toHaveLength(3);
    for (const name of (await holders(key)).filter((name) => name !== 'a')) {
      const copy = await nodes.get(name)!.get(key);
      expect(copy.ok && Buffer.from(copy.value.bytes).equals(Buffer.from(encodedBlock(key)))).toBe(true);
    }
    expect((await master.replicateHot()).decisions).toEqual([]);

    clock.advanceMs(1000);
    const cooled = await master.replicateHot();
    expect(cooled.decisions.map((decision) => decision.reason)).toEqual(['cooled', 'cooled']);
    expect(cooled.commands.map((command) => command.kind)).toEqual(['delete', 'delete']);
    expect(await holders(key)).toEqual(['a']);
  });

  it('does nothing for a block read less than hotReadsPerWindow times', async () => {
    const { master, putOn, holders, read } = await pool(['a', 'b']);
    await putOn('a', keyOf(1));
    await read(keyOf(1), 9);
    expect((await master.replicateHot()).decisions).toEqual([]);
    expect(await holders(keyOf(1))).toEqual(['a']);
  });

  it('places no copy where it would cross the watermark: full nodes leave the hot block short', async () => {
    const size = encodedSize();
    const { master, putOn, holders, read } = await pool(['a', 'b'], Math.ceil(size / 0.9));
    await putOn('a', keyOf(1));
    await putOn('b', keyOf(2));
    await read(keyOf(1), 30);
    const report = await master.replicateHot();
    expect(report.decisions).toEqual([{ reason: 'no-room', key: keyOf(1) }]);
    expect(await holders(keyOf(1))).toEqual(['a']);
    expect(await holders(keyOf(2))).toEqual(['b']);
  });

  it('refuses a corrupt source copy and records nothing', async () => {
    const { master, drams, holders, read } = await pool(['a', 'b']);
    const key = keyOf(1);
    const bytes = encodedBlock(key);
    await master.putStart(key, bytes.length, { strategy: 'local-first', preferredNode: nodeId('a') });
    await master.putEnd(key);
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 1] = (corrupt.at(-1) ?? 0) ^ 0xff;
    // The node verifies what clients write, so the corrupt copy goes straight into its tier, as a bad disk or memory would leave it.
    await drams.get('a')!.put(key, corrupt);
    await read(key, 20);
    const report = await master.replicateHot();
    expect(report.decisions).toEqual([
      { reason: 'no-room', key },
      { reason: 'failed', key, nodeId: nodeId('b'), failure: 'source-corrupt', detail: 'every copy read failed its checksum' },
    ]);
    expect(await holders(key)).toEqual(['a']);
  });

  it('counts a copy the target refuses or cannot be reached for as failed, and records no replica', async () => {
    const { master, drams, served, putOn, holders, read } = await pool(['a', 'b', 'c']);
    await putOn('a', keyOf(1));
    served.get('c')!.abort();
    // The ledger says b and c have room; in fact b's DRAM is full and c has gone from the data plane.
    for (let n = 100; drams.get('b')!.usage().usedBytes + encodedSize() <= 10_000; n += 1) await drams.get('b')!.put(keyOf(n), encodedBlock(keyOf(n)));
    await read(keyOf(1), 20);
    const failures = (await master.replicateHot()).decisions.map((decision) => (decision.reason === 'failed' ? [decision.nodeId, decision.failure] : decision.reason));
    expect(failures).toEqual([
      ['b', 'target-refused'],
      ['c', 'target-unreachable'],
    ]);
    expect(await holders(keyOf(1))).toEqual(['a']);
  });

  it('is off with hotReplicas 1', async () => {
    const { master, putOn, read } = await pool(['a', 'b'], 10_000, { ...hot, hotReplicas: 1 });
    await putOn('a', keyOf(1));
    await read(keyOf(1), 50);
    expect(master.replicatesHot).toBe(false);
    expect((await master.replicateHot()).decisions).toEqual([]);
  });
});
