import { ManualClock } from '@tsukimi/telemetry';
import { seededRandom } from '../common/random';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { TimedMetadataStore } from '../metadata/timed-metadata.store';
import { keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { StoreMaster } from './store.master';

/** A master with two nodes whose metadata calls are counted by operation. */
async function counted() {
  const clock = new ManualClock();
  const calls = new Map<string, number>();
  const store = new TimedMetadataStore(new MemoryMetadataStore({ random: seededRandom(1) }), (operation) => calls.set(operation, (calls.get(operation) ?? 0) + 1), clock);
  const master = new StoreMaster({ store, clock, random: seededRandom(1), options: { nodeTimeoutMs: 3_600_000 } });
  for (const name of ['a', 'b']) await master.heartbeat(nodeId(name), { capacityBytes: { dram: 1000 } });
  calls.clear();
  return { master, calls, store };
}

describe('batched puts', () => {
  it.each([1, 10, 100])('start %i puts with one read of their entries, one of the members and one of the whole ledger, and one batch write', async (blocks) => {
    const { master, calls } = await counted();
    const answers = await master.putStartBatch(Array.from({ length: blocks }, (_, n) => ({ key: keyOf(n), sizeBytes: 1 })));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect([calls.get('getEntries'), calls.get('listNodes'), calls.get('usedBytesByNode'), calls.get('usedBytes'), calls.get('swapEntries'), calls.get('swapEntry')]).toEqual([1, 1, 1, undefined, 1, undefined]);
    calls.clear();
    expect((await master.putEndBatch(Array.from({ length: blocks }, (_, n) => keyOf(n)))).every((answer) => answer.ok)).toBe(true);
    expect([calls.get('getEntries'), calls.get('swapEntries'), calls.get('swapEntry')]).toEqual([undefined, 1, undefined]);
  });

  it('ends puts this master started without reading them, and reads the ones it forgot', async () => {
    const { master, calls } = await counted();
    await master.putStartBatch([1, 2, 3].map((n) => ({ key: keyOf(n), sizeBytes: 10 })));
    master.forgetKept();
    await master.putStartBatch([4, 5].map((n) => ({ key: keyOf(n), sizeBytes: 10 })));
    calls.clear();
    const ended = await master.putEndBatch([1, 2, 3, 4, 5, 6].map(keyOf));
    expect(ended.map((answer) => (answer.ok ? answer.value.outcome : answer.error.kind))).toEqual(['completed', 'completed', 'completed', 'completed', 'completed', 'not-found']);
    expect([calls.get('getEntries'), calls.get('swapEntries')]).toEqual([1, 1]);
    expect((await master.get([1, 2, 3, 4, 5].map(keyOf))).every((hit) => hit.ok)).toBe(true);
  });

  it('ends a put on the entry as it is now when another writer changed it since its start', async () => {
    const { master, store } = await counted();
    await master.putStartBatch([{ key: keyOf(1), sizeBytes: 10 }]);
    const [pending] = await store.getEntries([keyOf(1)]);
    const other = pending!.replicas[0]!.nodeId === nodeId('a') ? nodeId('b') : nodeId('a');
    // Another master over the same store moves the pending replica: this master keeps the entry it wrote.
    const moved = { ...pending!, replicas: [{ nodeId: other, tier: 'dram' as const }] };
    expect((await store.swapEntry({ key: keyOf(1), expected: pending, next: moved, events: [] })).ok).toBe(true);
    const [ended] = await master.putEndBatch([keyOf(1)]);
    expect(ended).toEqual({ ok: true, value: { outcome: 'completed', replicas: [{ nodeId: other, tier: 'dram' }] } });
    expect((await store.getEntries([keyOf(1)]))[0]).toMatchObject({ status: 'complete', replicas: [{ nodeId: other, tier: 'dram' }], revision: 3 });
  });
});
