import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeId } from '../common/node-id';
import { seededRandom } from '../common/random';
import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { CountingMemory } from '../testing/counting.memory';
import { DramTier } from '../tier/dram.tier';
import { blockPath } from '../tier/ssd/ssd.layout';
import { SsdTier } from '../tier/ssd/ssd.tier';
import { NodeStore } from './node.store';
import { RecordingTierObserver } from './tier-observer.port';

const size = encodedSize();
const nodeId = 'node-a' as NodeId;
let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-node-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function nodeStore(options: { dramBlocks: number; ssdBlocks?: number; promoteOnHit?: boolean; ssdReadMemory?: CountingMemory }) {
  const observer = new RecordingTierObserver();
  const ssd = options.ssdBlocks === undefined ? undefined : await SsdTier.open({ dir, capacityBytes: options.ssdBlocks * size, random: seededRandom(3) });
  const dram = new DramTier({ capacityBytes: options.dramBlocks * size });
  const store = new NodeStore({ nodeId, dram, ssd, promoteOnHit: options.promoteOnHit, observer, ssdReadMemory: options.ssdReadMemory });
  return { store, observer };
}

async function putAll(store: NodeStore, keys: number[]): Promise<void> {
  for (const n of keys) await store.put(keyOf(n), encodedBlock(keyOf(n)));
}

describe('NodeStore', () => {
  it('verifies, stores in DRAM and reports the block', async () => {
    const { store, observer } = await nodeStore({ dramBlocks: 2, ssdBlocks: 2 });
    expect(await store.put(keyOf(1), encodedBlock(keyOf(1)))).toEqual({ ok: true, value: { outcome: 'stored', tier: 'dram' } });
    expect(await store.put(keyOf(1), encodedBlock(keyOf(1)))).toEqual({ ok: true, value: { outcome: 'exists', tier: 'dram' } });
    expect(observer.changes).toEqual([{ kind: 'stored', nodeId, key: keyOf(1), tier: 'dram', sizeBytes: size }]);
  });

  it.each([
    { name: 'a block of another key', bytes: encodedBlock(keyOf(2)), cause: 'key-mismatch' },
    { name: 'a corrupted block', bytes: encodedBlock(keyOf(1)).map((b, i) => (i === 70 ? b ^ 1 : b)), cause: 'checksum-mismatch' },
    { name: 'random bytes', bytes: new Uint8Array(80), cause: 'bad-magic' },
  ])('refuses $name before any tier holds it', async ({ bytes, cause }) => {
    const { store, observer } = await nodeStore({ dramBlocks: 2 });
    expect(await store.put(keyOf(1), bytes)).toMatchObject({ ok: false, error: { kind: 'invalid-block', cause: { kind: cause } } });
    expect(store.tierOf(keyOf(1))).toBeUndefined();
    expect(observer.changes).toEqual([]);
  });

  it.each([
    { name: 'the oldest block', touched: [], demoted: 1 },
    { name: 'the least recently read block', touched: [1], demoted: 2 },
  ])('demotes $name to SSD under DRAM pressure', async ({ touched, demoted }) => {
    const { store, observer } = await nodeStore({ dramBlocks: 2, ssdBlocks: 4, promoteOnHit: false });
    await putAll(store, [1, 2]);
    for (const n of touched) await store.get(keyOf(n));
    await putAll(store, [3]);
    expect(store.tierOf(keyOf(demoted))).toBe('ssd');
    expect(store.tierOf(keyOf(3))).toBe('dram');
    expect(observer.changes).toContainEqual({ kind: 'moved', nodeId, key: keyOf(demoted), from: 'dram', to: 'ssd', sizeBytes: size });
    expect(store.usage()).toEqual({ dram: { usedBytes: 2 * size, capacityBytes: 2 * size, blocks: 2 }, ssd: { usedBytes: size, capacityBytes: 4 * size, blocks: 1 } });
  });

  it('refuses a put under DRAM pressure when there is no SSD', async () => {
    const { store } = await nodeStore({ dramBlocks: 1 });
    await putAll(store, [1]);
    expect(await store.put(keyOf(2), encodedBlock(keyOf(2)))).toMatchObject({ ok: false, error: { kind: 'no-space' } });
  });

  it('puts a block too large for DRAM straight into SSD', async () => {
    const { store } = await nodeStore({ dramBlocks: 1, ssdBlocks: 4 });
    expect(await store.put(keyOf(1), encodedBlock(keyOf(1), 3))).toEqual({ ok: true, value: { outcome: 'stored', tier: 'ssd' } });
  });

  it.each([
    { promoteOnHit: true, after: 'dram', coldAfter: 'ssd', moves: 3 },
    { promoteOnHit: false, after: 'ssd', coldAfter: 'dram', moves: 1 },
  ])('serves an SSD hit and leaves the block in $after when promoteOnHit is $promoteOnHit', async ({ promoteOnHit, after, coldAfter, moves }) => {
    const { store, observer } = await nodeStore({ dramBlocks: 1, ssdBlocks: 4, promoteOnHit });
    await putAll(store, [1, 2]);
    const hit = await store.get(keyOf(1));
    expect(hit.ok && hit.value.tier).toBe('ssd');
    expect(hit.ok && Buffer.from(hit.value.bytes).equals(encodedBlock(keyOf(1)))).toBe(true);
    expect(store.tierOf(keyOf(1))).toBe(after);
    expect(store.tierOf(keyOf(2))).toBe(coldAfter);
    expect(observer.changes.filter((change) => change.kind === 'moved')).toHaveLength(moves);
  });

  it.each([{ promoteOnHit: true }, { promoteOnHit: false }])(
    'serves an SSD hit in lent memory handed back by release, promoting a copy when promoteOnHit is $promoteOnHit',
    async ({ promoteOnHit }) => {
      const memory = new CountingMemory();
      const { store } = await nodeStore({ dramBlocks: 1, ssdBlocks: 4, promoteOnHit, ssdReadMemory: memory });
      await putAll(store, [1, 2]);
      const hit = await store.get(keyOf(1));
      expect(hit.ok && [hit.value.tier, Buffer.from(hit.value.bytes).equals(encodedBlock(keyOf(1)))]).toEqual(['ssd', true]);
      expect(memory.outstanding).toBe(1);
      if (hit.ok) hit.value.release?.();
      expect(memory).toMatchObject({ taken: 1, released: 1 });
      const again = await store.get(keyOf(1));
      expect(again.ok && [again.value.tier, Buffer.from(again.value.bytes).equals(encodedBlock(keyOf(1)))]).toEqual([promoteOnHit ? 'dram' : 'ssd', true]);
      expect(await store.get(keyOf(2))).toMatchObject({ ok: true });
    },
  );

  it('drops a block corrupted on SSD, reports it removed and answers a miss', async () => {
    const { store, observer } = await nodeStore({ dramBlocks: 1, ssdBlocks: 4 });
    await putAll(store, [1, 2]);
    const path = blockPath(dir, keyOf(1));
    const bytes = await fsp.readFile(path);
    bytes[60] = (bytes[60] ?? 0) ^ 0xff;
    await fsp.writeFile(path, bytes);
    expect(await store.get(keyOf(1))).toMatchObject({ ok: false, error: { kind: 'corrupt' } });
    expect(observer.changes.at(-1)).toEqual({ kind: 'removed', nodeId, key: keyOf(1), tier: 'ssd', reason: 'corrupt' });
    expect(store.tierOf(keyOf(1))).toBeUndefined();
  });

  it.each([
    { name: 'demote with SSD room', command: 'demote', ssdBlocks: 2, outcome: 'demoted', tier: 'ssd' },
    { name: 'demote without SSD room', command: 'demote', ssdBlocks: 0, outcome: 'deleted', tier: undefined },
    { name: 'delete', command: 'delete', ssdBlocks: 2, outcome: 'deleted', tier: undefined },
  ] as const)('applies $name', async ({ command, ssdBlocks, outcome, tier }) => {
    const { store } = await nodeStore({ dramBlocks: 2, ssdBlocks });
    await putAll(store, [1]);
    expect(await store.apply({ kind: command, nodeId, key: keyOf(1) })).toBe(outcome);
    expect(store.tierOf(keyOf(1))).toBe(tier);
    expect(await store.apply({ kind: command, nodeId, key: keyOf(1) })).toBe('absent');
  });

  it('lists its inventory across tiers for re-registration', async () => {
    const { store } = await nodeStore({ dramBlocks: 1, ssdBlocks: 4, promoteOnHit: false });
    await putAll(store, [1, 2]);
    expect(store.inventory()).toEqual([
      { key: keyOf(2), tier: 'dram', sizeBytes: size },
      { key: keyOf(1), tier: 'ssd', sizeBytes: size },
    ]);
  });
});
