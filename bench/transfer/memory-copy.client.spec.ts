import { Buffer } from 'node:buffer';
import { benchBlocks } from './bench-blocks';
import { MemoryCopyClient } from './memory-copy.client';
import { transferPlan } from './transfer.plan';

describe('MemoryCopyClient, the limit of a same-host read', () => {
  const blocks = benchBlocks(64 * 1024, 12);
  const plan = transferPlan(64 * 1024, 4);

  it('copies every block once, byte for byte, in the plan’s batches', async () => {
    const copy = new MemoryCopyClient(blocks, plan);
    const seen: Buffer[] = [];
    const bytes = await copy.copyAll((block) => seen.push(Buffer.from(block)));
    expect(bytes).toBe(blocks.reduce((sum, block) => sum + block.bytes.length, 0));
    expect(seen.map((block) => block.toString('hex')).sort()).toEqual(blocks.map((block) => Buffer.from(block.bytes).toString('hex')).sort());
    expect(copy.copies()).toBe(blocks.length);
    expect(copy.work().requests).toBe(blocks.length / plan.batchKeys);
  });

  it('holds every copy of a batch at once before handing them back, as a reader returns a whole batch', async () => {
    const copy = new MemoryCopyClient(blocks, plan);
    await copy.copyAll();
    // The batches are copied one after another, so a batch's worth of memory is taken and then reused.
    expect(copy.receivePoolStats()).toMatchObject({ allocated: plan.batchKeys, reused: blocks.length - plan.batchKeys });
  });
});
