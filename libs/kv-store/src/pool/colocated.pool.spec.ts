import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../common/random';
import { NodeStore } from '../node/node.store';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';
import { DramTier } from '../tier/dram.tier';
import { SsdTier } from '../tier/ssd/ssd.tier';
import { ColocatedPool } from './colocated.pool';
import { nodeBlockStore } from './node-block.store';
import { TierReportQueue } from './tier-report.queue';

const size = encodedSize();
let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-colocated-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function colocated(dramBlocks: number, ssdBlocks: number, fixture = masterFixture({ nodeTimeoutMs: 1_000 })) {
  const reports = new TierReportQueue();
  const ssd = await SsdTier.open({ dir, capacityBytes: ssdBlocks * size, random: seededRandom(3) });
  const node = new NodeStore({ nodeId: nodeId('n'), dram: new DramTier({ capacityBytes: dramBlocks * size }), ssd, observer: reports, promoteOnHit: false });
  const pool = new ColocatedPool(fixture.master, node, reports);
  await pool.start();
  return { ...fixture, pool, node, reports, store: nodeBlockStore(node) };
}

describe('ColocatedPool', () => {
  it('registers what the node writes through the data plane once the put ends, and serves it', async () => {
    const { master, store, reports } = await colocated(4, 4);
    const started = await master.putStart(keyOf(1), size);
    expect(started.ok && started.value.outcome).toBe('allocated');
    expect(await store.writer.writeBlock(keyOf(1), encodedBlock(keyOf(1)))).toEqual({ status: 'stored' });
    expect(await master.exists([keyOf(1)])).toEqual([false]);
    await master.putEnd(keyOf(1));
    await reports.flush();
    expect(await master.exists([keyOf(1)])).toEqual([true]);
    const read = await store.reader.readBlock(keyOf(1));
    expect(read.status === 'found' && Buffer.from(read.bytes).equals(Buffer.from(encodedBlock(keyOf(1))))).toBe(true);
  });

  it('refuses a corrupt block on the data plane and never stores it', async () => {
    const { store, node } = await colocated(4, 4);
    const bytes = encodedBlock(keyOf(2));
    bytes[bytes.length - 1]! ^= 0xff;
    expect(await store.writer.writeBlock(keyOf(2), bytes)).toEqual({ status: 'rejected', reason: 'invalid-block' });
    expect(node.tierOf(keyOf(2))).toBeUndefined();
    expect(await store.reader.readBlock(keyOf(2))).toEqual({ status: 'missing' });
  });

  it('carries out the master\'s eviction on the node at each maintenance pass', async () => {
    const { master, pool, node, store } = await colocated(10, 10);
    for (let n = 1; n <= 10; n += 1) {
      await master.putStart(keyOf(n), size);
      await store.writer.writeBlock(keyOf(n), encodedBlock(keyOf(n)));
      await master.putEnd(keyOf(n));
    }
    const report = await pool.maintain();
    expect(report.applied.demoted).toBeGreaterThan(0);
    expect(node.usage().dram.usedBytes).toBeLessThan(0.9 * 10 * size);
    const [hit] = await master.get([keyOf(1)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'n', tier: 'ssd' }]);
  });

  it('re-registers SSD blocks from an earlier run when it starts', async () => {
    const first = await colocated(1, 4);
    for (const n of [1, 2]) await first.store.writer.writeBlock(keyOf(n), encodedBlock(keyOf(n)));
    await first.reports.flush();
    const restarted = await colocated(1, 4, masterFixture());
    // Block 2 pushed block 1 down to SSD; only what was on SSD outlives the process.
    expect(await restarted.master.exists([keyOf(1), keyOf(2)])).toEqual([true, false]);
    expect(restarted.node.tierOf(keyOf(1))).toBe('ssd');
  });
});

describe('TierReportQueue', () => {
  it('holds changes until connected, then delivers them in order, one batch at a time', async () => {
    const queue = new TierReportQueue();
    const change = (n: number) => ({ kind: 'removed' as const, nodeId: nodeId('n'), key: keyOf(n), tier: 'dram' as const, reason: 'deleted' as const });
    queue.onTierChange(change(1));
    queue.onTierChange(change(2));
    const seen: number[][] = [];
    let concurrent = 0;
    queue.connect(async (changes) => {
      concurrent += 1;
      expect(concurrent).toBe(1);
      seen.push(changes.map((c) => Number.parseInt(c.key, 16)));
      await Promise.resolve();
      concurrent -= 1;
      return changes.map(() => 'applied' as const);
    });
    queue.onTierChange(change(3));
    await queue.flush();
    expect(seen.flat()).toEqual([1, 2, 3]);
    expect(queue.delivered).toBe(3);
  });
});
