import { type PathLike } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err } from '@tsukimi/result';
import { seededRandom } from '../../common/random';
import { encodedBlock, encodedSize, keyOf } from '../../testing/block.fixture';
import { CountingMemory } from '../../testing/counting.memory';
import { runBlockTierReadContract } from '../block-tier.contract';
import { blockPath, shardDir, tempPath } from './ssd.layout';
import { SsdTier, type SsdTierOptions } from './ssd.tier';

const size = encodedSize();
let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-ssd-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

function open(options: Partial<SsdTierOptions> = {}): Promise<SsdTier> {
  return SsdTier.open({ dir, capacityBytes: 10_000, random: seededRandom(1), ...options });
}

async function exists(path: string): Promise<boolean> {
  return fsp.access(path).then(
    () => true,
    () => false,
  );
}

async function editFile(path: string, edit: (bytes: Buffer) => Buffer): Promise<void> {
  await fsp.writeFile(path, edit(await fsp.readFile(path)));
}

const flipAt = (offset: number) => (bytes: Buffer) => {
  bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
  return bytes;
};

runBlockTierReadContract('SsdTier', (capacityBytes) => open({ capacityBytes }));

describe('SsdTier', () => {
  it('reads into the memory it is lent and hands it back on a corrupt block', async () => {
    const tier = await open();
    const [sound, damaged] = [keyOf(5), keyOf(6)];
    await tier.put(sound, encodedBlock(sound));
    await tier.put(damaged, encodedBlock(damaged));
    await editFile(blockPath(dir, damaged), flipAt(60));
    const memory = new CountingMemory();
    const lent = await tier.read(sound, memory);
    expect(memory.outstanding).toBe(1);
    expect(lent.ok && Buffer.from(lent.value.bytes).equals(encodedBlock(sound))).toBe(true);
    if (lent.ok) lent.value.release();
    expect(await tier.read(damaged, memory)).toMatchObject({ ok: false, error: { kind: 'corrupt', cause: { kind: 'checksum-mismatch' } } });
    expect(memory).toMatchObject({ taken: 2, released: 2 });
  });

  describe('reads of blocks whose checksum runs in WebAssembly', () => {
    // 16 KiB of payload: long enough for the hasher's WebAssembly path.
    const tokens = 1024;
    const [a, b, damaged] = [keyOf(0x21), keyOf(0x22), keyOf(0x23)];

    /** A tier in a directory of its own, holding `a`, `b` and `damaged`. */
    async function openWith(options: Partial<SsdTierOptions>): Promise<SsdTier> {
      const own = await fsp.mkdtemp(join(dir, 'own-'));
      const tier = await open({ dir: own, capacityBytes: 1024 * 1024, ...options });
      for (const key of [a, b, damaged]) await tier.put(key, encodedBlock(key, tokens));
      await editFile(blockPath(own, damaged), flipAt(9_000));
      return tier;
    }

    it('lends its own memory, takes none from the caller, and has it all back once released or corrupt', async () => {
      const tier = await openWith({});
      const memory = new CountingMemory();
      const [first, second] = await Promise.all([tier.read(a, memory), tier.read(b, memory)]);
      expect(first.ok && Buffer.from(first.value.bytes).equals(encodedBlock(a, tokens))).toBe(true);
      expect(second.ok && Buffer.from(second.value.bytes).equals(encodedBlock(b, tokens))).toBe(true);
      expect(memory.taken).toBe(0);
      expect(tier.inPlaceLentBytes).toBeGreaterThanOrEqual(2 * encodedSize(tokens));
      if (first.ok) first.value.release();
      if (second.ok) second.value.release();
      expect(await tier.read(damaged, memory)).toMatchObject({ ok: false, error: { kind: 'corrupt', cause: { kind: 'checksum-mismatch' } } });
      expect(tier.inPlaceLentBytes).toBe(0);
      expect(memory.taken).toBe(0);
    });

    it('reads into the caller’s memory once its own is lent out, and always with inPlaceReadBytes 0', async () => {
      const oneBlock = await openWith({ inPlaceReadBytes: encodedSize(tokens) + 64 });
      const memory = new CountingMemory();
      const held = await oneBlock.read(a, memory);
      const next = await oneBlock.read(b, memory);
      expect(next.ok && Buffer.from(next.value.bytes).equals(encodedBlock(b, tokens))).toBe(true);
      expect(memory).toMatchObject({ taken: 1, released: 0 });
      if (held.ok) held.value.release();
      if (next.ok) next.value.release();
      const off = await openWith({ inPlaceReadBytes: 0 });
      const read = await off.read(a, memory);
      expect(read.ok && Buffer.from(read.value.bytes).equals(encodedBlock(a, tokens))).toBe(true);
      expect(memory.taken).toBe(2);
      expect(await off.read(damaged, memory)).toMatchObject({ ok: false, error: { kind: 'corrupt' } });
    });

    it('never lends its own memory to get, whose bytes are kept', async () => {
      const tier = await openWith({});
      const got = await tier.get(a);
      expect(got.ok && Buffer.from(got.value).equals(encodedBlock(a, tokens))).toBe(true);
      expect(tier.inPlaceLentBytes).toBe(0);
    });

    it.each([-1, 1.5, Number.NaN])('refuses inPlaceReadBytes %p, naming the option', async (inPlaceReadBytes) => {
      await expect(open({ inPlaceReadBytes })).rejects.toThrow(/inPlaceReadBytes/);
    });
  });

  it('stores a block as <dir>/<first two hex>/<key>.blk and reads it back', async () => {
    const tier = await open();
    const key = keyOf(0xab12);
    expect(await tier.put(key, encodedBlock(key))).toEqual({ ok: true, value: 'stored' });
    expect(blockPath(dir, key)).toBe(join(dir, '00', `${key}.blk`));
    expect(Buffer.from(await fsp.readFile(blockPath(dir, key))).equals(encodedBlock(key))).toBe(true);
    const read = await tier.get(key);
    expect(read.ok && Buffer.from(read.value).equals(encodedBlock(key))).toBe(true);
    expect(tier.usage()).toEqual({ usedBytes: size, capacityBytes: 10_000, blocks: 1 });
  });

  it.each([
    { name: 'a payload byte', edit: flipAt(60), cause: 'checksum-mismatch' },
    { name: 'the stored checksum', edit: flipAt(41), cause: 'checksum-mismatch' },
    { name: 'the magic', edit: flipAt(0), cause: 'bad-magic' },
    { name: 'the tail (truncated)', edit: (bytes: Buffer) => bytes.subarray(0, bytes.length - 3), cause: 'truncated' },
  ])('serves a block with a flipped $name as a miss, counts it and deletes the file', async ({ edit, cause }) => {
    const tier = await open();
    const key = keyOf(7);
    await tier.put(key, encodedBlock(key));
    await editFile(blockPath(dir, key), edit);
    expect(await tier.get(key)).toMatchObject({ ok: false, error: { kind: 'corrupt', cause: { kind: cause } } });
    expect(tier.corruptBlocksTotal).toBe(1);
    expect(await exists(blockPath(dir, key))).toBe(false);
    expect(tier.has(key)).toBe(false);
    expect(tier.usage().usedBytes).toBe(0);
    expect(await tier.get(key)).toEqual({ ok: false, error: { kind: 'absent' } });
  });

  it.each([
    { name: 'a flipped byte deep in its payload', edit: flipAt(40_000), cause: 'checksum-mismatch' },
    { name: 'a byte appended after it was written', edit: (bytes: Buffer) => Buffer.concat([bytes, Buffer.from([0])]), cause: 'length-mismatch' },
  ])('serves a 64 KiB block with $name as a miss, never as its bytes', async ({ edit, cause }) => {
    const tier = await open({ capacityBytes: 1024 * 1024 });
    const key = keyOf(8);
    const sound = encodedBlock(key, 4096);
    await tier.put(key, sound);
    const read = await tier.get(key);
    expect(read.ok && Buffer.from(read.value).equals(sound)).toBe(true);
    await editFile(blockPath(dir, key), edit);
    expect(await tier.get(key)).toMatchObject({ ok: false, error: { kind: 'corrupt', cause: { kind: cause } } });
    expect(tier.has(key)).toBe(false);
    expect(await exists(blockPath(dir, key))).toBe(false);
  });

  it('runs the injected verify hook on every read', async () => {
    const tier = await open({ verify: () => err({ kind: 'bad-magic', actualHex: 'test' }) });
    await tier.put(keyOf(1), encodedBlock(keyOf(1)));
    expect(await tier.get(keyOf(1))).toMatchObject({ ok: false, error: { kind: 'corrupt' } });
  });

  it('re-registers its blocks when a new tier opens the same directory', async () => {
    const first = await open();
    for (const n of [1, 2, 0x300]) await first.put(keyOf(n), encodedBlock(keyOf(n)));
    const restarted = await open();
    expect([...restarted.list()].sort()).toEqual([keyOf(1), keyOf(2), keyOf(0x300)].sort());
    expect(restarted.usage()).toEqual({ usedBytes: 3 * size, capacityBytes: 10_000, blocks: 3 });
    expect(restarted.scanReport).toEqual({ registered: 3, corruptDeleted: 0, partialDeleted: 0, foreignSkipped: 0 });
    expect((await restarted.get(keyOf(0x300))).ok).toBe(true);
  });

  it.each([
    { name: 'a truncated block', damage: (path: string) => editFile(path, (b) => b.subarray(0, 40)), report: { corruptDeleted: 1 } },
    { name: 'a block with a bad header', damage: (path: string) => editFile(path, flipAt(2)), report: { corruptDeleted: 1 } },
    { name: 'a block with extra bytes', damage: (path: string) => editFile(path, (b) => Buffer.concat([b, Buffer.from([0])])), report: { corruptDeleted: 1 } },
    { name: "another key's block", damage: (path: string) => fsp.writeFile(path, encodedBlock(keyOf(2))), report: { corruptDeleted: 1 } },
  ])('deletes $name on open instead of registering it', async ({ damage, report }) => {
    await (await open()).put(keyOf(1), encodedBlock(keyOf(1)));
    await damage(blockPath(dir, keyOf(1)));
    const restarted = await open();
    expect(restarted.list()).toEqual([]);
    expect(restarted.scanReport).toMatchObject(report);
    expect(restarted.corruptBlocksTotal).toBe(1);
    expect(await exists(blockPath(dir, keyOf(1)))).toBe(false);
  });

  it('deletes unfinished writes on open and leaves files that are not its own', async () => {
    await fsp.mkdir(shardDir(dir, keyOf(1)), { recursive: true });
    const temp = tempPath(dir, keyOf(1), 'crashed');
    await fsp.writeFile(temp, encodedBlock(keyOf(1)).subarray(0, 20));
    await fsp.writeFile(join(shardDir(dir, keyOf(1)), 'notes.txt'), 'hello');
    const tier = await open();
    expect(tier.scanReport).toEqual({ registered: 0, corruptDeleted: 0, partialDeleted: 1, foreignSkipped: 1 });
    expect(await exists(temp)).toBe(false);
    expect(await exists(join(shardDir(dir, keyOf(1)), 'notes.txt'))).toBe(true);
  });

  it('checks payload checksums at open in full scan mode', async () => {
    await (await open()).put(keyOf(1), encodedBlock(keyOf(1)));
    await editFile(blockPath(dir, keyOf(1)), flipAt(70));
    expect((await open({ scan: 'header' })).list()).toEqual([keyOf(1)]);
    const full = await open({ scan: 'full' });
    expect(full.list()).toEqual([]);
    expect(full.scanReport.corruptDeleted).toBe(1);
  });

  it('never shows a partial block: the final file appears only once the whole write is renamed into place', async () => {
    let release!: () => void;
    const renameHeld = new Promise<void>((resolve) => (release = resolve));
    let renameReached!: () => void;
    const reached = new Promise<void>((resolve) => (renameReached = resolve));
    const files = {
      ...fsp,
      rename: async (from: PathLike, to: PathLike) => {
        renameReached();
        await renameHeld;
        return fsp.rename(from, to);
      },
    };
    const tier = await open({ files });
    const key = keyOf(9);
    const put = tier.put(key, encodedBlock(key));
    await reached;
    expect(await exists(blockPath(dir, key))).toBe(false);
    expect(tier.has(key)).toBe(false);
    expect(await tier.get(key)).toEqual({ ok: false, error: { kind: 'absent' } });
    const [temp] = (await fsp.readdir(shardDir(dir, key))).filter((name) => name.endsWith('.tmp'));
    expect(temp).toBeDefined();
    expect((await fsp.stat(join(shardDir(dir, key), temp ?? ''))).size).toBe(size);
    release();
    expect(await put).toEqual({ ok: true, value: 'stored' });
    expect(await fsp.readdir(shardDir(dir, key))).toEqual([`${key}.blk`]);
  });

  it('reserves space for writes in flight, so concurrent puts cannot overcommit the budget', async () => {
    const tier = await open({ capacityBytes: size });
    const answers = await Promise.all([tier.put(keyOf(1), encodedBlock(keyOf(1))), tier.put(keyOf(2), encodedBlock(keyOf(2)))]);
    expect(answers).toEqual([
      { ok: true, value: 'stored' },
      { ok: false, error: { kind: 'no-space', neededBytes: size, freeBytes: 0 } },
    ]);
  });

  it('writes a key once when two puts of it race', async () => {
    const tier = await open();
    const answers = await Promise.all([tier.put(keyOf(1), encodedBlock(keyOf(1))), tier.put(keyOf(1), encodedBlock(keyOf(1)))]);
    expect(answers.map((answer) => answer.ok && answer.value)).toEqual(['stored', 'exists']);
    expect(tier.usage()).toMatchObject({ usedBytes: size, blocks: 1 });
  });

  it('deletes the file and frees its bytes', async () => {
    const tier = await open();
    await tier.put(keyOf(1), encodedBlock(keyOf(1)));
    expect(await tier.delete(keyOf(1))).toBe(true);
    expect(await exists(blockPath(dir, keyOf(1)))).toBe(false);
    expect(tier.usage()).toMatchObject({ usedBytes: 0, blocks: 0 });
  });
});
