import { type EvictionPolicyType } from '../eviction/eviction-policy.port';
import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';

/** A node of 1000 DRAM bytes (and `ssd` SSD bytes) holding `blocks` 10-byte blocks, written a ms apart. */
async function filled(blocks: number, options: { ssd?: number; evictionPolicy?: EvictionPolicyType } = {}) {
  const fixture = masterFixture({ evictionPolicy: options.evictionPolicy, nodeTimeoutMs: 3_600_000 });
  await fixture.join({ a: options.ssd === undefined ? { dram: 1000 } : { dram: 1000, ssd: options.ssd } });
  for (let n = 1; n <= blocks; n += 1) {
    fixture.clock.advanceMs(1);
    await fixture.putComplete(keyOf(n), 10, { blockIndex: n % 10 });
  }
  return fixture;
}

describe('watermark eviction', () => {
  it.each([
    { blocks: 89, evicted: 0 },
    { blocks: 90, evicted: 5 },
    { blocks: 100, evicted: 15 },
  ])('evicts $evicted of $blocks 10-byte blocks from a 1000-byte tier (watermark 0.9, batch 5%)', async ({ blocks, evicted }) => {
    const { master, store } = await filled(blocks);
    const { commands } = await master.tick();
    expect(commands).toHaveLength(evicted);
    expect((await store.usedBytes(nodeId('a'))).dram).toBe((blocks - evicted) * 10);
    expect((await master.tick()).commands).toEqual([]);
  });

  it.each([
    { policy: 'lru', reads: [1, 2, 3], evicted: [4, 5, 6, 7, 8] },
    { policy: 'lfu', reads: [1, 2, 3, 4, 5, 6, 8], evicted: [7, 9, 10, 11, 12] },
    { policy: 'length-aware', reads: [], evicted: [9, 19, 29, 39, 49] },
  ] as const)('picks victims in $policy order', async ({ policy, reads, evicted }) => {
    const { master, clock } = await filled(90, { evictionPolicy: policy });
    clock.advanceMs(1);
    await master.get(reads.map(keyOf));
    clock.advanceMs(20_000);
    await master.heartbeat(nodeId('a'), { capacityBytes: { dram: 1000 } });
    const { commands } = await master.tick();
    expect(commands.map((command) => command.key)).toEqual(evicted.map(keyOf));
  });

  it('deletes victims from DRAM and publishes their removal', async () => {
    const { master, events } = await filled(90);
    const before = events.length;
    await master.tick();
    expect(events.slice(before)).toEqual([1, 2, 3, 4, 5].map((n, i) => ({ id: before + i + 1, kind: 'removed', key: keyOf(n), nodeId: 'a', tier: 'dram' })));
    expect(await master.exists([keyOf(1), keyOf(6)])).toEqual([false, true]);
  });

  it('demotes victims into the SSD while it has room, moving their replicas', async () => {
    const { master, store, events } = await filled(90, { ssd: 35 });
    const before = events.length;
    const { commands, evicted } = await master.tick();
    expect(commands.map((command) => command.kind)).toEqual(['demote', 'demote', 'demote', 'delete', 'delete']);
    expect(evicted).toEqual({ dram: 5 });
    expect(await store.usedBytes(nodeId('a'))).toEqual({ dram: 850, ssd: 30 });
    expect(events.slice(before, before + 2).map((event) => [event.kind, event.tier])).toEqual([
      ['removed', 'dram'],
      ['stored', 'ssd'],
    ]);
    const [hit] = await master.get([keyOf(1)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'a', tier: 'ssd' }]);
  });

  it('evicts from an SSD over its watermark by deleting', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 1000, ssd: 100 } });
    for (let n = 1; n <= 10; n += 1) await putComplete(keyOf(n), 10, { tier: 'ssd' });
    const { commands, evicted } = await master.tick();
    expect(commands).toEqual([1, 2].map((n) => ({ kind: 'delete', nodeId: 'a', key: keyOf(n) })));
    expect(evicted).toEqual({ ssd: 2 });
  });

  it('never evicts a leased block, and evicts it once the lease expires', async () => {
    const { master, clock, putComplete } = await filled(90, { evictionPolicy: 'length-aware' });
    await master.get([keyOf(9)]);
    const first = await master.tick();
    expect(first.commands.map((command) => command.key)).toEqual([19, 29, 39, 49, 59].map(keyOf));
    for (let n = 91; n <= 95; n += 1) await putComplete(keyOf(n), 10);
    clock.advanceMs(10_000);
    const second = await master.tick();
    expect(second.commands.map((command) => command.key)).toEqual([69, 79, 89, 9, 8].map(keyOf));
  });

  it('never evicts a pending block', async () => {
    const { master, join } = masterFixture();
    await join({ a: { dram: 100 } });
    await master.putStart(keyOf(1), 95);
    expect(await master.tick()).toMatchObject({ commands: [], evicted: {} });
  });

  it('evicts one replica of a block held twice, keeping the other', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 100 }, b: { dram: 1000 } });
    await putComplete(keyOf(1), 95, { replicas: 2 });
    expect((await master.tick()).commands).toEqual([{ kind: 'delete', nodeId: 'a', key: keyOf(1) }]);
    const [hit] = await master.get([keyOf(1)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'b', tier: 'dram' }]);
  });
});
