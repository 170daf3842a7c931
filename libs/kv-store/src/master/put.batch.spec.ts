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
  return { master, calls };
}

describe('batched puts', () => {
  it.each([1, 10, 100])('start %i puts with one read of their entries, one of the members and one of each ledger, and one batch write', async (blocks) => {
    const { master, calls } = await counted();
    const answers = await master.putStartBatch(Array.from({ length: blocks }, (_, n) => ({ key: keyOf(n), sizeBytes: 1 })));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect([calls.get('getEntries'), calls.get('listNodes'), calls.get('usedBytes'), calls.get('swapEntries'), calls.get('swapEntry')]).toEqual([1, 1, 2, 1, undefined]);
    calls.clear();
    expect((await master.putEndBatch(Array.from({ length: blocks }, (_, n) => keyOf(n)))).every((answer) => answer.ok)).toBe(true);
    expect([calls.get('getEntries'), calls.get('swapEntries'), calls.get('swapEntry')]).toEqual([1, 1, undefined]);
  });

  it('places in order, each placement counting the bytes the earlier ones took, across both nodes', async () => {
    const { master } = await counted();
    const answers = await master.putStartBatch([1, 2, 3].map((n) => ({ key: keyOf(n), sizeBytes: 600 })));
    expect(answers.map((answer) => answer.ok || answer.error.kind)).toEqual([true, true, 'no-space']);
    const nodes = answers.flatMap((answer) => (answer.ok && answer.value.outcome === 'allocated' ? answer.value.replicas.map((r) => r.nodeId) : []));
    expect(new Set(nodes)).toEqual(new Set(['a', 'b']));
  });

  it('answers a key named twice in one batch once as allocated and once as in progress', async () => {
    const { master } = await counted();
    const answers = await master.putStartBatch([keyOf(7), keyOf(7)].map((key) => ({ key, sizeBytes: 10 })));
    expect(answers.map((answer) => (answer.ok ? answer.value.outcome : answer.error.kind)).sort()).toEqual(['allocated', 'in-progress']);
  });

  it('refuses a bad item without holding up the rest of its batch', async () => {
    const { master } = await counted();
    const answers = await master.putStartBatch([{ key: keyOf(1), sizeBytes: 0 }, { key: keyOf(2), sizeBytes: 10 }]);
    expect(answers.map((answer) => (answer.ok ? answer.value.outcome : answer.error.kind))).toEqual(['invalid-request', 'allocated']);
  });
});
