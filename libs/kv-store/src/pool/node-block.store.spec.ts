import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeStore } from '../node/node.store';
import { type NodeRead } from '../node/tier-lookup.model';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { CountingMemory } from '../testing/counting.memory';
import { DramTier } from '../tier/dram.tier';
import { SsdTier } from '../tier/ssd/ssd.tier';
import { nodeBlockStore, type NodeWrite } from './node-block.store';

describe('nodeBlockStore observer', () => {
  it('is told of every read and write, with bytes and the reason for a refusal', async () => {
    const reads: NodeRead[] = [];
    const writes: NodeWrite[] = [];
    const node = new NodeStore({ nodeId: nodeId('n'), dram: new DramTier({ capacityBytes: 2 * encodedSize() }) });
    const store = nodeBlockStore(node, { onRead: (read) => reads.push(read), onWrite: (write) => writes.push(write) });

    expect(await store.writer.writeBlock(keyOf(1), encodedBlock(keyOf(1)))).toEqual({ status: 'stored' });
    expect(await store.writer.writeBlock(keyOf(2), encodedBlock(keyOf(3)))).toEqual({ status: 'rejected', reason: 'invalid-block' });
    await store.writer.writeBlock(keyOf(4), encodedBlock(keyOf(4)));
    expect(await store.writer.writeBlock(keyOf(5), encodedBlock(keyOf(5)))).toEqual({ status: 'rejected', reason: 'no-space' });
    expect(writes).toEqual([
      { stored: true, bytes: encodedSize() },
      { stored: false, reason: 'invalid-block' },
      { stored: true, bytes: encodedSize() },
      { stored: false, reason: 'no-space' },
    ]);

    await store.reader.readBlock(keyOf(1));
    await store.reader.readBlock(keyOf(9));
    expect(reads).toEqual([
      { hit: true, tier: 'dram', bytes: encodedSize() },
      { hit: false, reason: 'absent' },
    ]);
  });

  it('passes an SSD hit read into lent memory to the server with the release that hands it back', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-node-block-'));
    try {
      const memory = new CountingMemory();
      const ssd = await SsdTier.open({ dir, capacityBytes: 4 * encodedSize() });
      const node = new NodeStore({ nodeId: nodeId('n'), dram: new DramTier({ capacityBytes: encodedSize() }), ssd, promoteOnHit: false, ssdReadMemory: memory });
      const store = nodeBlockStore(node);
      for (const n of [1, 2]) await store.writer.writeBlock(keyOf(n), encodedBlock(keyOf(n)));
      const fromSsd = await store.reader.readBlock(keyOf(1));
      expect(fromSsd.status === 'found' && Buffer.from(fromSsd.bytes).equals(encodedBlock(keyOf(1)))).toBe(true);
      expect(memory.outstanding).toBe(1);
      if (fromSsd.status === 'found') fromSsd.release?.();
      expect(memory).toMatchObject({ taken: 1, released: 1 });
      // A DRAM hit lends the tier's own slot, not the SSD's read memory.
      const fromDram = await store.reader.readBlock(keyOf(2));
      expect(fromDram.status === 'found' && typeof fromDram.release).toBe('function');
      if (fromDram.status === 'found') fromDram.release?.();
      expect(memory).toMatchObject({ taken: 1, released: 1 });
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
