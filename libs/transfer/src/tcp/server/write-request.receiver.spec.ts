import { type BlockWriteOutcome } from '../../block-store.port';
import { MemoryBlockStore } from '../../memory-block.store';
import { testKey } from '../../testing/test-blocks';
import { ReceiveBudget } from './receive.budget';
import { WriteRequestReceiver } from './write-request.receiver';

const KiB = 1024;

function receiver(blockBytes: readonly number[], budget: ReceiveBudget) {
  const finished: (readonly BlockWriteOutcome[] | null)[] = [];
  const entries = blockBytes.map((totalBytes, i) => ({ key: testKey(i + 1), totalBytes }));
  const receiving = new WriteRequestReceiver(entries, new MemoryBlockStore(), { maxBlockBytes: 1024 * KiB, budget }, (outcomes) => finished.push(outcomes));
  receiving.start();
  return { receiving, finished };
}

/** Delivers block `index`'s bytes from `from` to `to` as one slice, as a connection would. */
function deliver(receiving: WriteRequestReceiver, index: number, from: number, to: number): void {
  const target = receiving.sliceTarget(index, from, to - from);
  if (!target.ok) throw new Error(target.error);
  receiving.sliceReceived(index, to - from);
}

describe('WriteRequestReceiver', () => {
  it('buffers blocks only while the shared budget has room; a block past it is received, dropped and refused as unavailable', () => {
    const budget = new ReceiveBudget(1024 * KiB);
    const { receiving, finished } = receiver([512 * KiB, 512 * KiB, 512 * KiB, 256 * KiB], budget);
    // One byte of each block announces it: a peer that stops here must not hold more than the budget.
    for (const index of [0, 1, 2, 3]) deliver(receiving, index, 0, 1);
    expect(budget.takenBytes).toBe(1024 * KiB);
    deliver(receiving, 0, 1, 512 * KiB);
    expect(budget.takenBytes).toBe(512 * KiB);
    for (const [index, bytes] of [[1, 512 * KiB], [2, 512 * KiB], [3, 256 * KiB]]) deliver(receiving, index!, 1, bytes!);
    expect(budget.takenBytes).toBe(0);
    expect(finished).toEqual([[{ status: 'stored' }, { status: 'stored' }, { status: 'rejected', reason: 'unavailable' }, { status: 'rejected', reason: 'unavailable' }]]);
  });

  it('gives back what its unfinished blocks held when the write is cancelled', () => {
    const budget = new ReceiveBudget(4096 * KiB);
    const { receiving, finished } = receiver([512 * KiB, 1024 * KiB, 64 * KiB], budget);
    deliver(receiving, 0, 0, 100);
    deliver(receiving, 1, 0, 100);
    expect(budget.takenBytes).toBe(1536 * KiB);
    receiving.cancel();
    expect(budget.takenBytes).toBe(0);
    expect(finished).toEqual([]);
  });
});
