import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type IndexEventDraft } from '../events/index-event.model';
import { type BlockEntry, type BlockEntryDraft, type Replica } from './block-entry.model';
import { type MetadataStore } from './metadata-store.port';

export interface MetadataStoreHarness {
  readonly store: MetadataStore;
  /** Releases what the factory started (a client, a server). */
  close?(): Promise<void>;
}

export interface MetadataStoreFactoryOptions {
  /** How many events the store must keep; the gap tests need a small number. */
  readonly eventRetention: number;
}

const a = 'node-a' as NodeId;
const b = 'node-b' as NodeId;
const key = (n: number): BlockKey => blockKeyFromU64(BigInt(n));

function draft(n: number, replicas: readonly Replica[], overrides: Partial<BlockEntryDraft> = {}): BlockEntryDraft {
  return {
    key: key(n),
    status: 'complete',
    sizeBytes: 100,
    replicas,
    blockIndex: 0,
    createdAtMs: 1,
    leaseExpiresAtMs: 0,
    softPinExpiresAtMs: 0,
    hardPinned: false,
    lastAccessMs: 1,
    accessCount: 0,
    ...overrides,
  };
}

/** A ledger without its zero tiers: a store may keep a tier it emptied as 0 or drop it. */
const zeroless = (bytes: object) => Object.fromEntries(Object.entries(bytes).filter(([, value]) => value !== 0));
const stored = (n: number, nodeId: NodeId): IndexEventDraft => ({ kind: 'stored', key: key(n), nodeId, tier: 'dram' });

/**
 * The behaviour every MetadataStore must show. Call it from a spec file with a factory that
 * returns a fresh, empty store per test; the memory store and the Redis adapter both run it.
 */
export function runMetadataStoreContract(name: string, create: (options: MetadataStoreFactoryOptions) => Promise<MetadataStoreHarness>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    let harness: MetadataStoreHarness | undefined;
    let store: MetadataStore;
    const open = async (eventRetention = 1000) => {
      await harness?.close?.();
      harness = await create({ eventRetention });
      store = harness.store;
    };
    const put = async (next: BlockEntryDraft, expected?: BlockEntry, events: IndexEventDraft[] = []) => {
      const result = await store.swapEntry({ key: next.key, expected, next, events });
      if (!result.ok || result.value.entry === undefined) throw new Error(`swap of ${next.key} failed`);
      return result.value.entry;
    };

    beforeEach(() => open());
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });

    it('answers undefined for absent keys, in the order asked', async () => {
      const one = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      expect(await store.getEntries([key(2), key(1), key(3)])).toEqual([undefined, one, undefined]);
    });

    it('stamps revision 1 on create and one more on every write', async () => {
      const first = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      const second = await put(draft(1, [{ nodeId: a, tier: 'ssd' }]), first);
      expect([first.revision, second.revision]).toEqual([1, 2]);
      expect(second).toEqual({ ...draft(1, [{ nodeId: a, tier: 'ssd' }]), revision: 2 });
    });

    it.each([
      { name: 'a create of an existing key', stale: false },
      { name: 'a write from a stale read', stale: true },
    ])('refuses $name, changing nothing and answering the current entry', async ({ stale }) => {
      const first = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      const current = await put(draft(1, [{ nodeId: b, tier: 'dram' }]), first);
      const head = await store.eventLogHead();
      const refused = await store.swapEntry({ key: key(1), expected: stale ? first : undefined, next: draft(1, []), events: [stored(1, a)] });
      expect(refused).toEqual({ ok: false, error: { kind: 'conflict', current } });
      expect(await store.getEntries([key(1)])).toEqual([current]);
      expect(await store.eventLogHead()).toEqual(head);
      expect(await store.usedBytes(a)).not.toMatchObject({ dram: 100 });
    });

    it('lets exactly one of two writers from the same read win', async () => {
      const first = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      const results = await Promise.all(
        [a, b].map((nodeId) => store.swapEntry({ key: key(1), expected: first, next: draft(1, [{ nodeId, tier: 'ssd' }]), events: [] })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    });

    it('deletes an entry and everything indexed under it', async () => {
      const first = await put(draft(1, [{ nodeId: a, tier: 'dram' }], { status: 'pending' }));
      expect(await store.swapEntry({ key: key(1), expected: first, next: undefined, events: [] })).toMatchObject({ ok: true, value: { entry: undefined } });
      expect(await store.getEntries([key(1)])).toEqual([undefined]);
      expect(await store.entriesOnNode(a)).toEqual([]);
      expect(await store.pendingEntries()).toEqual([]);
      expect((await store.usedBytes(a)).dram ?? 0).toBe(0);
    });

    it.each([
      { name: 'one replica', writes: [[{ nodeId: a, tier: 'dram' }]], usedA: { dram: 100 }, usedB: {} },
      { name: 'two nodes', writes: [[{ nodeId: a, tier: 'dram' }, { nodeId: b, tier: 'ssd' }]], usedA: { dram: 100 }, usedB: { ssd: 100 } },
      { name: 'a move to SSD', writes: [[{ nodeId: a, tier: 'dram' }], [{ nodeId: a, tier: 'ssd' }]], usedA: { dram: 0, ssd: 100 }, usedB: {} },
      { name: 'a dropped replica', writes: [[{ nodeId: a, tier: 'dram' }, { nodeId: b, tier: 'dram' }], [{ nodeId: b, tier: 'dram' }]], usedA: { dram: 0 }, usedB: { dram: 100 } },
    ] as const)('keeps the byte ledger and node index through $name', async ({ writes, usedA, usedB }) => {
      let previous: BlockEntry | undefined;
      for (const replicas of writes) previous = await put(draft(1, replicas), previous);
      expect(zeroless(await store.usedBytes(a))).toEqual(zeroless(usedA));
      expect(zeroless(await store.usedBytes(b))).toEqual(zeroless(usedB));
      expect((await store.entriesOnNode(a)).length).toBe(previous?.replicas.some((r) => r.nodeId === a) === true ? 1 : 0);
    });

    it('answers the ledger of every node at once, as usedBytes answers each', async () => {
      expect(await store.usedBytesByNode()).toEqual(new Map());
      const first = await put(draft(1, [{ nodeId: a, tier: 'dram' }, { nodeId: b, tier: 'ssd' }]));
      await put(draft(2, [{ nodeId: a, tier: 'ssd' }], { sizeBytes: 30 }));
      await store.swapEntry({ key: key(1), expected: first, next: draft(1, [{ nodeId: a, tier: 'dram' }]), events: [] });
      const all = await store.usedBytesByNode();
      expect(zeroless(all.get(a) ?? {})).toEqual({ dram: 100, ssd: 30 });
      expect(zeroless(all.get(b) ?? {})).toEqual({});
      for (const nodeId of [a, b]) expect(zeroless(all.get(nodeId) ?? {})).toEqual(zeroless(await store.usedBytes(nodeId)));
    });

    it('keeps the indexes true to what is stored when a key was deleted and re-created since it was read', async () => {
      const stale = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      await store.swapEntry({ key: key(1), expected: stale, next: undefined, events: [] });
      await put(draft(1, [{ nodeId: b, tier: 'dram' }]));
      await store.swapEntry({ key: key(1), expected: stale, next: draft(1, [{ nodeId: b, tier: 'ssd' }]), events: [] });
      const [current] = await store.getEntries([key(1)]);
      const usage = (nodeId: NodeId) => Object.fromEntries((current?.replicas ?? []).filter((r) => r.nodeId === nodeId).map((r) => [r.tier, 100]));
      expect(zeroless(await store.usedBytes(a))).toEqual({});
      expect(zeroless(await store.usedBytes(b))).toEqual(usage(b));
      expect(await store.entriesOnNode(a)).toEqual([]);
      expect(await store.entriesOnNode(b)).toEqual([current]);
    });

    it('applies a batch in order, each change on its own, numbering the events in order', async () => {
      const one = await put(draft(1, [{ nodeId: a, tier: 'dram' }]));
      const head = await store.eventLogHead();
      const two = draft(2, [{ nodeId: a, tier: 'dram' }], { status: 'pending' });
      const three = draft(3, [{ nodeId: b, tier: 'ssd' }]);
      const answers = await store.swapEntries([
        { key: key(2), expected: undefined, next: two, events: [stored(2, a)] },
        { key: key(1), expected: undefined, next: draft(1, [{ nodeId: b, tier: 'dram' }]), events: [stored(1, b)] },
        { key: key(2), expected: undefined, next: draft(2, [{ nodeId: b, tier: 'dram' }]), events: [] },
        { key: key(1), expected: one, next: undefined, events: [] },
        { key: key(3), expected: undefined, next: three, events: [stored(3, b), stored(3, a)] },
      ]);
      const id = (n: number) => head.lastEventId + n;
      expect(answers).toEqual([
        { ok: true, value: { entry: { ...two, revision: 1 }, events: [{ id: id(1), ...stored(2, a) }] } },
        { ok: false, error: { kind: 'conflict', current: one } },
        { ok: false, error: { kind: 'conflict', current: { ...two, revision: 1 } } },
        { ok: true, value: { entry: undefined, events: [] } },
        { ok: true, value: { entry: { ...three, revision: 1 }, events: [{ id: id(2), ...stored(3, b) }, { id: id(3), ...stored(3, a) }] } },
      ]);
      expect(await store.getEntries([key(1), key(2), key(3)])).toEqual([undefined, { ...two, revision: 1 }, { ...three, revision: 1 }]);
      expect(await store.pendingEntries()).toEqual([{ ...two, revision: 1 }]);
      expect(await store.entriesOnNode(a)).toEqual([{ ...two, revision: 1 }]);
      expect(await store.entriesOnNode(b)).toEqual([{ ...three, revision: 1 }]);
      expect([zeroless(await store.usedBytes(a)), zeroless(await store.usedBytes(b))]).toEqual([{ dram: 100 }, { ssd: 100 }]);
      const logged = await store.eventsSince(head.epoch, head.lastEventId);
      expect(logged.ok && logged.value.events.map((event) => event.id)).toEqual([id(1), id(2), id(3)]);
      expect(await store.swapEntries([])).toEqual([]);
    });

    it('tracks pending entries until they complete', async () => {
      const pending = await put(draft(1, [{ nodeId: a, tier: 'dram' }], { status: 'pending' }));
      await put(draft(2, [{ nodeId: a, tier: 'dram' }]));
      expect((await store.pendingEntries()).map((entry) => entry.key)).toEqual([key(1)]);
      await put(draft(1, [{ nodeId: a, tier: 'dram' }]), pending);
      expect(await store.pendingEntries()).toEqual([]);
    });

    it('scans every entry, a page at a time', async () => {
      for (let n = 1; n <= 25; n += 1) await put(draft(n, [{ nodeId: a, tier: 'dram' }]));
      const pages: number[] = [];
      const keys = new Set<BlockKey>();
      for await (const page of store.scanEntries(10)) {
        pages.push(page.length);
        for (const entry of page) keys.add(entry.key);
      }
      expect(keys.size).toBe(25);
      expect(pages.every((length) => length <= 10)).toBe(true);
    });

    it('stores, lists and deletes node records', async () => {
      const record = { nodeId: a, capacityBytes: { dram: 1000, ssd: 5000 }, reportedUsedBytes: { dram: 10 }, joinedAtMs: 5, lastHeartbeatMs: 7 };
      await store.putNode(record);
      await store.putNode({ ...record, lastHeartbeatMs: 9 });
      expect(await store.getNode(a)).toEqual({ ...record, lastHeartbeatMs: 9 });
      expect(await store.listNodes()).toEqual([{ ...record, lastHeartbeatMs: 9 }]);
      expect(await store.deleteNode(a)).toBe(true);
      expect(await store.deleteNode(a)).toBe(false);
      expect(await store.getNode(a)).toBeUndefined();
    });

    it('numbers events consecutively and reads them back after an id', async () => {
      const head = await store.eventLogHead();
      const one = await store.swapEntry({ key: key(1), expected: undefined, next: draft(1, [{ nodeId: a, tier: 'dram' }]), events: [stored(1, a)] });
      await store.swapEntry({ key: key(2), expected: undefined, next: draft(2, [{ nodeId: a, tier: 'dram' }]), events: [stored(2, a), stored(2, b)] });
      expect(one.ok && one.value.events).toEqual([{ id: head.lastEventId + 1, ...stored(1, a) }]);
      const all = await store.eventsSince(head.epoch, head.lastEventId);
      expect(all.ok && all.value.events.map((event) => event.id - head.lastEventId)).toEqual([1, 2, 3]);
      expect(all.ok && all.value.lastEventId).toBe(head.lastEventId + 3);
      const limited = await store.eventsSince(head.epoch, head.lastEventId + 1, 1);
      expect(limited.ok && limited.value.events).toEqual([{ id: head.lastEventId + 2, ...stored(2, a) }]);
    });

    it.each([
      { name: 'an id older than retention', after: (last: number) => last - 5, epoch: (epoch: string) => epoch, reason: 'expired' },
      { name: 'an id the log has not reached', after: (last: number) => last + 1, epoch: (epoch: string) => epoch, reason: 'ahead' },
      { name: 'another epoch', after: (last: number) => last, epoch: (epoch: string) => `${epoch}x`, reason: 'epoch' },
    ])('answers a gap for $name', async ({ after, epoch, reason }) => {
      await open(3);
      for (let n = 1; n <= 6; n += 1) await put(draft(n, [{ nodeId: a, tier: 'dram' }]), undefined, [stored(n, a)]);
      const head = await store.eventLogHead();
      expect(await store.eventsSince(epoch(head.epoch), after(head.lastEventId))).toEqual({
        ok: false,
        error: { kind: 'gap', reason, epoch: head.epoch, lastEventId: head.lastEventId },
      });
      const retained = await store.eventsSince(head.epoch, head.lastEventId - 3);
      expect(retained.ok && retained.value.events).toHaveLength(3);
    });
  });
}
