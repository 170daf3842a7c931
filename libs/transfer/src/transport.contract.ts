import { decodeBlock } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStore } from './block-store.port';
import { type Endpoint } from './endpoint';
import { MemoryBlockStore } from './memory-block.store';
import { readFromReplicas } from './replica.reader';
import { GatedBlockStore } from './testing/gated-block.store';
import { testBlock, testBlockExpectation, testKey } from './testing/test-blocks';
import { type BlockToWrite, type KeyReadOutcome, type Transport } from './transport.port';

/** What the contract needs of a transport and of the nodes it talks to. */
export interface TransportHarness {
  readonly transport: Transport;
  /** Serves `store` as a new node; resolves once it accepts requests. */
  startNode(store: BlockStore): Promise<Endpoint>;
  /** `graceful` lets requests in flight finish; `kill` drops them as a crashed node would. */
  stopNode(endpoint: Endpoint, how: 'graceful' | 'kill'): Promise<void>;
  /** An endpoint nothing serves. */
  deadEndpoint(): Promise<Endpoint>;
  /** Stops every node still running and closes the transport. */
  close(): Promise<void>;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const opts = { timeoutMs: 10_000 };

function storeWith(blocks: readonly BlockToWrite[]): GatedBlockStore {
  const store = new GatedBlockStore();
  for (const block of blocks) store.put(block.key, block.bytes);
  return store;
}

function foundBytes(outcome: KeyReadOutcome | BlockReadOutcome | undefined): Uint8Array | undefined {
  return outcome?.status === 'found' ? outcome.bytes : undefined;
}

/** Runs the behaviour every Transport must show; the tcp and local suites call it with their harness. */
export function runTransportContract(name: string, createHarness: () => Promise<TransportHarness>): void {
  describe(`${name} transport contract`, () => {
    let harness: TransportHarness;
    beforeEach(async () => {
      harness = await createHarness();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('reads back many blocks of mixed sizes, up to 16 MiB, in key order', async () => {
      const blocks = [
        ...Array.from({ length: 40 }, (_, i) => testBlock(i + 1, 64 * KiB)),
        ...Array.from({ length: 4 }, (_, i) => testBlock(100 + i, MiB)),
        ...Array.from({ length: 2 }, (_, i) => testBlock(200 + i, 16 * MiB)),
      ];
      const endpoint = await harness.startNode(storeWith(blocks));
      const keys = [...blocks.map((block) => block.key)].reverse();
      const result = await harness.transport.read(endpoint, keys, opts);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.map((outcome) => outcome.key)).toEqual(keys);
      const byKey = new Map(blocks.map((block) => [block.key, block.bytes]));
      for (const outcome of result.value) expect(Buffer.from(foundBytes(outcome) ?? []).equals(byKey.get(outcome.key) as Uint8Array)).toBe(true);
    });

    it('reads correct bytes again after releasing, with no cross-talk between held and reused buffers', async () => {
      const [b1, b2, b3, b4, b5] = [1, 2, 3, 4, 5].map((i) => testBlock(i, MiB)) as [BlockToWrite, BlockToWrite, BlockToWrite, BlockToWrite, BlockToWrite];
      const [small, big1, big2] = [testBlock(6, 100 * KiB), testBlock(7, 16 * MiB), testBlock(8, 16 * MiB)];
      const endpoint = await harness.startNode(storeWith([b1, b2, b3, b4, b5, small, big1, big2]));
      const readAll = async (blocks: readonly BlockToWrite[]): Promise<Extract<KeyReadOutcome, { status: 'found' }>[]> => {
        const result = await harness.transport.read(endpoint, blocks.map((block) => block.key), opts);
        if (!result.ok) throw new Error(`read failed: ${result.error.kind}`);
        return result.value.map((outcome) => {
          if (outcome.status !== 'found') throw new Error(`block ${outcome.key} missing`);
          return outcome;
        });
      };
      const matching = (outcomes: readonly { readonly bytes: Uint8Array }[], blocks: readonly BlockToWrite[]): boolean[] =>
        outcomes.map((outcome, i) => Buffer.from(outcome.bytes).equals(blocks[i]?.bytes ?? new Uint8Array()));

      const [first] = await readAll([b1]);
      expect(first !== undefined && matching([first], [b1])).toEqual([true]);
      first?.release?.();
      first?.release?.();
      const [held] = await readAll([b2]);
      const concurrent = [[b1], [b3], [small], [big1]];
      const outcomes = (await Promise.all(concurrent.map(readAll))).flat();
      expect(matching(outcomes, concurrent.flat())).toEqual([true, true, true, true]);
      for (const outcome of outcomes) outcome.release?.();
      const batch = [b4, b5, big2, b1, small, b3];
      expect(matching(await readAll(batch), batch)).toEqual(batch.map(() => true));
      expect(held !== undefined && matching([held], [b2])).toEqual([true]);
      held?.release?.();
    });

    it('writes blocks, then reads them back from the node', async () => {
      const store = new MemoryBlockStore();
      const endpoint = await harness.startNode(store);
      const blocks = [testBlock(1, 4 * KiB), testBlock(2, 3 * MiB), testBlock(3, 16 * MiB)];
      const written = await harness.transport.write(endpoint, blocks, opts);
      expect(written).toEqual({ ok: true, value: blocks.map((block) => ({ key: block.key, status: 'stored' })) });
      for (const block of blocks) expect(Buffer.from(foundBytes(store.readBlock(block.key)) ?? []).equals(block.bytes)).toBe(true);
      const read = await harness.transport.read(endpoint, [blocks[2]?.key ?? testKey(0)], opts);
      expect(read.ok && Buffer.from(foundBytes(read.value[0]) ?? []).equals(blocks[2]?.bytes ?? new Uint8Array())).toBe(true);
    });

    it('answers missing keys as missing, beside found ones and duplicates', async () => {
      const present = testBlock(7, 8 * KiB);
      const endpoint = await harness.startNode(storeWith([present]));
      const result = await harness.transport.read(endpoint, [testKey(99), present.key, testKey(98), present.key], opts);
      expect(result.ok && result.value.map((outcome) => outcome.status)).toEqual(['missing', 'found', 'missing', 'found']);
      expect(await harness.transport.read(endpoint, [], opts)).toEqual({ ok: true, value: [] });
    });

    it('delivers bytes a store damaged as they are, so the receiver’s decodeBlock rejects them', async () => {
      const [damaged, sound] = [testBlock(1, 3 * MiB), testBlock(2, 64 * KiB)];
      // One bit flipped in the third MiB: over tcp it travels in a later slice than the header.
      const flipped = Uint8Array.from(damaged.bytes);
      flipped[2.5 * MiB] = (flipped[2.5 * MiB] as number) ^ 0x04;
      const store = storeWith([sound]);
      store.put(damaged.key, flipped);
      const endpoint = await harness.startNode(store);
      const result = await harness.transport.read(endpoint, [damaged.key, sound.key], opts);
      const [damagedBytes, soundBytes] = result.ok ? result.value.map(foundBytes) : [];
      expect(damagedBytes !== undefined && Buffer.from(damagedBytes).equals(flipped)).toBe(true);
      expect(decodeBlock(damagedBytes ?? new Uint8Array(), testBlockExpectation(1, 3 * MiB))).toMatchObject({ ok: false, error: { kind: 'checksum-mismatch' } });
      expect(decodeBlock(soundBytes ?? new Uint8Array(), testBlockExpectation(2, 64 * KiB)).ok).toBe(true);
    });

    it('reports per-key write refusals from the store', async () => {
      const endpoint = await harness.startNode(new MemoryBlockStore({ capacityBytes: 100 * KiB }));
      const blocks = [testBlock(1, 64 * KiB), testBlock(2, 64 * KiB)];
      const result = await harness.transport.write(endpoint, blocks, opts);
      expect(result.ok && result.value.map((outcome) => (outcome.status === 'stored' ? 'stored' : outcome.reason))).toEqual(['stored', 'no-space']);
    });

    it('serves many concurrent requests to one node (pipelining)', async () => {
      const blocks = Array.from({ length: 200 }, (_, i) => testBlock(i + 1, (1 + (i % 5)) * 16 * KiB));
      const endpoint = await harness.startNode(storeWith(blocks));
      const results = await Promise.all(blocks.map((block) => harness.transport.read(endpoint, [block.key], opts)));
      results.forEach((result, i) => expect(result.ok && Buffer.from(foundBytes(result.value[0]) ?? []).equals(blocks[i]?.bytes ?? new Uint8Array())).toBe(true));
    });

    it('times out on a store that never answers, and later requests still succeed', async () => {
      const [stuck, fine] = [testBlock(1, 4 * KiB), testBlock(2, 4 * KiB)];
      const store = storeWith([stuck, fine]);
      store.hold(stuck.key);
      const endpoint = await harness.startNode(store);
      const timedOut = await harness.transport.read(endpoint, [stuck.key], { timeoutMs: 150 });
      expect(timedOut.ok ? 'ok' : timedOut.error).toEqual({ kind: 'timeout', endpoint, timeoutMs: 150 });
      const later = await harness.transport.read(endpoint, [fine.key], opts);
      expect(later.ok && later.value[0]?.status).toBe('found');
      store.open();
      const afterOpen = await harness.transport.read(endpoint, [stuck.key, fine.key], opts);
      expect(afterOpen.ok && afterOpen.value.map((outcome) => outcome.status)).toEqual(['found', 'found']);
    });

    it('fails with connection-lost, without hanging, when the node dies mid-transfer', async () => {
      const [big, held] = [testBlock(1, 16 * MiB), testBlock(2, 4 * KiB)];
      const store = storeWith([big, held]);
      store.hold(held.key);
      const endpoint = await harness.startNode(store);
      const reading = harness.transport.read(endpoint, [big.key, held.key], opts);
      await store.whenRequested(held.key);
      await harness.stopNode(endpoint, 'kill');
      const result = await reading;
      expect(result.ok ? 'ok' : result.error.kind).toBe('connection-lost');
    });

    it('is refused by an endpoint nothing serves', async () => {
      const dead = await harness.deadEndpoint();
      const result = await harness.transport.read(dead, [testKey(1)], opts);
      expect(result.ok ? 'ok' : result.error.kind).toBe('connection-refused');
    });

    it('reads from the next replica when the first is dead or lacks the key', async () => {
      const [a, b] = [testBlock(1, 64 * KiB), testBlock(2, 64 * KiB)];
      const dead = await harness.deadEndpoint();
      const partial = await harness.startNode(storeWith([a]));
      const full = await harness.startNode(storeWith([a, b]));
      const outcomes = await readFromReplicas(harness.transport, [dead, partial, full], [a.key, b.key, testKey(3)], opts);
      expect(outcomes.map((outcome) => [outcome.status, outcome.status === 'found' ? outcome.servedBy.nodeId : null])).toEqual([
        ['found', partial.nodeId],
        ['found', full.nodeId],
        ['missing', null],
      ]);
      expect(outcomes[2]?.attempts.map((attempt) => (attempt.outcome === 'error' ? attempt.error.kind : attempt.outcome))).toEqual([
        'connection-refused',
        'missing',
        'missing',
      ]);
      const second = outcomes[1];
      expect(second?.status === 'found' && Buffer.from(second.bytes).equals(b.bytes)).toBe(true);
    });

    it('fails the request with store-failure when the store breaks', async () => {
      const block = testBlock(1, 4 * KiB);
      const store = storeWith([block]);
      store.failReads(block.key);
      const endpoint = await harness.startNode(store);
      const result = await harness.transport.read(endpoint, [block.key], opts);
      expect(result.ok ? 'ok' : result.error).toMatchObject({ kind: 'remote-failure', code: 'store-failure' });
    });

    it('lets requests in flight finish on a graceful stop, then refuses new ones', async () => {
      const block = testBlock(1, 2 * MiB);
      const store = storeWith([block]);
      store.hold(block.key);
      const endpoint = await harness.startNode(store);
      const reading = harness.transport.read(endpoint, [block.key], opts);
      await store.whenRequested(block.key);
      const stopping = harness.stopNode(endpoint, 'graceful');
      store.open();
      const result = await reading;
      expect(result.ok && Buffer.from(foundBytes(result.value[0]) ?? []).equals(block.bytes)).toBe(true);
      await stopping;
      const after = await harness.transport.read(endpoint, [block.key], opts);
      expect(after.ok ? 'ok' : after.error.kind).toBe('connection-refused');
      expect(store.unreleased).toBe(0);
    });

    it('fails requests in flight and later calls with transport-closed once closed', async () => {
      const block = testBlock(1, 4 * KiB);
      const store = storeWith([block]);
      store.hold(block.key);
      const endpoint = await harness.startNode(store);
      const reading = harness.transport.read(endpoint, [block.key], opts);
      await store.whenRequested(block.key);
      await harness.transport.close();
      expect(await reading).toEqual({ ok: false, error: { kind: 'transport-closed', endpoint } });
      expect(await harness.transport.write(endpoint, [block], opts)).toEqual({ ok: false, error: { kind: 'transport-closed', endpoint } });
    });
  });
}
