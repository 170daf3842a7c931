import { type TierChange } from '../node/tier-change.model';
import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';

const a = nodeId('a');
const b = nodeId('b');
const key = keyOf(1);
const stored = (node = a, tier: 'dram' | 'ssd' | 'device' = 'dram'): TierChange => ({ kind: 'stored', nodeId: node, key, tier, sizeBytes: 10 });
const moved = (from: 'dram' | 'ssd', to: 'dram' | 'ssd'): TierChange => ({ kind: 'moved', nodeId: a, key, from, to, sizeBytes: 10 });
const removed = (node = a, tier: 'dram' | 'ssd' = 'dram'): TierChange => ({ kind: 'removed', nodeId: node, key, tier, reason: 'deleted' });

describe('tier change reports', () => {
  it.each([
    { name: 'a stored block registers it', changes: [stored()], outcomes: ['applied'], replicas: [{ nodeId: 'a', tier: 'dram' }] },
    { name: 'a second report is a no-op', changes: [stored(), stored()], outcomes: ['applied', 'unchanged'], replicas: [{ nodeId: 'a', tier: 'dram' }] },
    { name: 'two nodes make two replicas', changes: [stored(), stored(b)], outcomes: ['applied', 'applied'], replicas: [{ nodeId: 'a', tier: 'dram' }, { nodeId: 'b', tier: 'dram' }] },
    { name: 'a move changes the tier', changes: [stored(), moved('dram', 'ssd')], outcomes: ['applied', 'applied'], replicas: [{ nodeId: 'a', tier: 'ssd' }] },
    { name: 'a removal drops the block', changes: [stored(), removed()], outcomes: ['applied', 'applied'], replicas: [] },
    { name: 'a store older than a move is ignored', changes: [stored(), moved('dram', 'ssd'), stored()], outcomes: ['applied', 'applied', 'unchanged'], replicas: [{ nodeId: 'a', tier: 'ssd' }] },
    { name: 'a move the master made first is a no-op', changes: [stored(a, 'ssd'), moved('dram', 'ssd')], outcomes: ['applied', 'unchanged'], replicas: [{ nodeId: 'a', tier: 'ssd' }] },
    { name: 'a removal drops the node replica whatever its tier', changes: [stored(a, 'ssd'), removed(a, 'dram')], outcomes: ['applied', 'applied'], replicas: [] },
    { name: 'a removal on one node keeps the other', changes: [stored(), stored(b), removed(b)], outcomes: ['applied', 'applied', 'applied'], replicas: [{ nodeId: 'a', tier: 'dram' }] },
    { name: 'an engine reports its device tier', changes: [stored(a, 'device')], outcomes: ['applied'], replicas: [{ nodeId: 'a', tier: 'device' }] },
  ])('$name', async ({ changes, outcomes, replicas }) => {
    const { master, join, entry } = masterFixture();
    await join({ a: { dram: 1000, ssd: 1000 }, b: { dram: 1000 } });
    expect(await master.reportTierChanges(changes)).toEqual(outcomes);
    expect((await entry(key))?.replicas ?? []).toEqual(replicas);
  });

  it('refuses reports from a node that has not joined', async () => {
    const { master } = masterFixture();
    expect(await master.reportTierChanges([stored()])).toEqual(['unknown-node']);
    expect(await master.exists([key])).toEqual([false]);
  });

  it('leaves a pending put to its writer', async () => {
    const { master, join, entry } = masterFixture();
    await join({ a: { dram: 1000 } });
    await master.putStart(key, 10);
    const before = await entry(key);
    expect(await master.reportTierChanges([stored(), removed()])).toEqual(['unchanged', 'unchanged']);
    expect(await entry(key)).toEqual(before);
  });

  it('re-registers what a restarted node reports after joining', async () => {
    const { master, join, clock, events } = masterFixture({ nodeTimeoutMs: 1_000 });
    await join({ a: { dram: 1000, ssd: 1000 } });
    await master.reportTierChanges([stored(a, 'ssd')]);
    clock.advanceMs(1_001);
    await master.tick();
    expect(await master.exists([key])).toEqual([false]);
    expect(await master.heartbeat(a, { capacityBytes: { dram: 1000, ssd: 1000 } })).toEqual({ ok: true, value: 'joined' });
    await master.reportTierChanges([stored(a, 'ssd')]);
    expect(await master.exists([key])).toEqual([true]);
    expect(events.map((event) => event.kind)).toEqual(['stored', 'removed', 'stored']);
  });

  it('reconciles a node with its full inventory: re-tiers, adds and drops, leaving pending puts alone', async () => {
    const { master, join, entry } = masterFixture();
    await join({ a: { dram: 1000, ssd: 1000 } });
    const at = (n: number, tier: 'dram' | 'ssd'): TierChange => ({ kind: 'stored', nodeId: a, key: keyOf(n), tier, sizeBytes: 10 });
    await master.reportTierChanges([at(1, 'dram'), at(2, 'ssd')]);
    await master.putStart(keyOf(3), 10);
    const inventory = [
      { key: keyOf(1), tier: 'ssd' as const, sizeBytes: 10 },
      { key: keyOf(4), tier: 'dram' as const, sizeBytes: 10 },
    ];
    expect(await master.reconcileNode(a, inventory)).toEqual({ outcome: 'reconciled', corrected: 2, dropped: 1 });
    expect(await master.exists([1, 2, 3, 4].map(keyOf))).toEqual([true, false, false, true]);
    expect((await entry(keyOf(1)))?.replicas).toEqual([{ nodeId: 'a', tier: 'ssd' }]);
    expect((await entry(keyOf(3)))?.status).toBe('pending');
    expect(await master.reconcileNode(a, inventory)).toEqual({ outcome: 'reconciled', corrected: 0, dropped: 0 });
  });

  it('keeps a node live through a reconcile that takes longer than its timeout, so the blocks it re-reports stay', async () => {
    const { master, join, clock } = masterFixture({ nodeTimeoutMs: 1_000 });
    await join({ a: { dram: 100_000 } });
    // A slow store, as the master's clock sees it: 100 ms pass at every reading of the clock.
    const now = clock.nowMs.bind(clock);
    clock.nowMs = () => {
      clock.advanceMs(100);
      return now();
    };
    const inventory = Array.from({ length: 50 }, (_, n) => ({ key: keyOf(n + 1), tier: 'dram' as const, sizeBytes: 10 }));
    expect(await master.reconcileNode(a, inventory)).toEqual({ outcome: 'reconciled', corrected: 50, dropped: 0 });
    expect((await master.tick()).departedNodes).toEqual([]);
    expect(await master.exists(inventory.map((item) => item.key))).toEqual(inventory.map(() => true));
  });

  it('refuses to reconcile a node that has not joined', async () => {
    const { master } = masterFixture();
    expect(await master.reconcileNode(a, [])).toEqual({ outcome: 'unknown-node', corrected: 0, dropped: 0 });
  });

  describe('a report of many changes', () => {
    const storedAt = (n: number): TierChange => ({ kind: 'stored', nodeId: a, key: keyOf(n), tier: 'dram', sizeBytes: 10 });

    /**
     * A master whose store counts entry reads, batch writes and single writes and, like a slow
     * remote store, lets `msPerRead` pass on the master's clock at each read.
     */
    async function countingReads(msPerRead: number) {
      const fixture = masterFixture({ nodeTimeoutMs: 1_000 });
      await fixture.join({ a: { dram: 1_000_000 } });
      const reads = { count: 0, batchWrites: 0, singleWrites: 0 };
      const { store } = fixture;
      const [getEntries, swapEntries, swapEntry] = [store.getEntries.bind(store), store.swapEntries.bind(store), store.swapEntry.bind(store)];
      store.getEntries = (keys) => {
        reads.count += 1;
        fixture.clock.advanceMs(msPerRead);
        return getEntries(keys);
      };
      store.swapEntries = (changes) => {
        reads.batchWrites += 1;
        return swapEntries(changes);
      };
      store.swapEntry = (change) => {
        reads.singleWrites += 1;
        return swapEntry(change);
      };
      return { ...fixture, reads };
    }

    it('reads the entries of changes to distinct blocks together, a run of up to 512 at a time, and writes each run at once', async () => {
      const { master, reads } = await countingReads(0);
      const changes = Array.from({ length: 600 }, (_, n) => storedAt(n + 1));
      expect(await master.reportTierChanges(changes)).toEqual(changes.map(() => 'applied'));
      expect(reads).toEqual({ count: 2, batchWrites: 2, singleWrites: 0 });
      expect(await master.exists(changes.map((change) => change.key))).toEqual(changes.map(() => true));
    });

    it('reads the first run of entries while it asks whether the reporter is a member, not after', async () => {
      const { master, reads, store } = await countingReads(0);
      const getNode = store.getNode.bind(store);
      const entryReadsWhenAsked: number[] = [];
      store.getNode = async (nodeId) => {
        await new Promise((resolve) => setImmediate(resolve));
        entryReadsWhenAsked.push(reads.count);
        return getNode(nodeId);
      };
      expect(await master.reportTierChanges([storedAt(1), storedAt(2)])).toEqual(['applied', 'applied']);
      expect(entryReadsWhenAsked).toEqual([1]);
      expect(reads.count).toBe(1);
    });

    it('reconciles a large inventory a run of up to 512 blocks at a time, each read at once and written at once', async () => {
      const { master, reads } = await countingReads(0);
      await master.reportTierChanges(Array.from({ length: 600 }, (_, n) => storedAt(n + 1)));
      Object.assign(reads, { count: 0, batchWrites: 0, singleWrites: 0 });
      const inventory = Array.from({ length: 600 }, (_, n) => ({ key: keyOf(n + 601), tier: 'dram' as const, sizeBytes: 10 }));
      expect(await master.reconcileNode(a, inventory)).toEqual({ outcome: 'reconciled', corrected: 600, dropped: 600 });
      // Dropping the 600 it no longer holds takes two runs, registering the 600 it holds two more.
      expect(reads).toEqual({ count: 2, batchWrites: 4, singleWrites: 0 });
      expect(await master.exists([1, 600, 601, 1200].map(keyOf))).toEqual([false, false, true, true]);
    });

    it('keeps the node live while a report takes longer than its timeout, so the blocks it reports stay', async () => {
      const { master, reads } = await countingReads(400);
      const changes = Array.from({ length: 4 * 512 }, (_, n) => storedAt(n + 1));
      expect(await master.reportTierChanges(changes)).toEqual(changes.map(() => 'applied'));
      expect(reads.count).toBe(4);
      expect((await master.tick()).departedNodes).toEqual([]);
      expect(await master.exists(changes.map((change) => change.key))).toEqual(changes.map(() => true));
    });
  });
});
