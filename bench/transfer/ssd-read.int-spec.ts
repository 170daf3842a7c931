import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SsdTier } from '@tsukimi/kv-store';
import { benchBlocks } from './bench-blocks';
import { plainReadMethods } from './plain-read.methods';
import { ssdReadContenders } from './ssd-read.measure';

// The SSD figure compares the tier with every plain read of the same files (main thread, and
// over worker threads); this checks all of them read the same bytes of the same files, whether
// the page cache was dropped before or not.
const blocks = benchBlocks(64 * 1024, 8);
const blockBytes = blocks[0]?.bytes.length ?? 0;
const keys = blocks.map((block) => block.key);
const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const methods = plainReadMethods(2);

describe('ssd read benchmark', () => {
  let dir: string;
  let tier: SsdTier;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsukimi-ssd-read-spec-'));
    tier = await SsdTier.open({ dir, capacityBytes: blockBytes * blocks.length });
    for (const block of blocks) {
      const put = await tier.put(block.key, block.bytes);
      if (!put.ok) throw new Error(put.error.kind);
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // One set of contenders for both cases, since each starts its threads: each run first from the
  // device (the files dropped before it), then again from the page cache.
  it('reads the same bytes of the same files through the tier and every plain read, from the device and from memory', async () => {
    const seen = new Map<string, string[]>();
    const { contenders, close } = ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: 4, methods, cold: true, consume: (name, bytes) => seen.set(name, [...(seen.get(name) ?? []), digest(bytes)]) });
    try {
      expect(contenders.map(({ name }) => name)).toEqual(['ssd', 'fs_main', 'fs_threads_1', 'fs_threads_2']);
      for (const contender of contenders) {
        expect(contender.prepare).toBeDefined();
        contender.prepare?.();
        expect(await contender.run()).toBe(blockBytes * blocks.length);
        expect(await contender.run()).toBe(blockBytes * blocks.length);
      }
    } finally {
      await close();
    }
    const expected = [...blocks, ...blocks].map((block) => digest(block.bytes)).sort();
    for (const { name } of contenders) expect({ name, digests: seen.get(name)?.sort() }).toEqual({ name, digests: expected });
  });

  it('leaves the page cache alone for the warm contenders', () => {
    const { contenders } = ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: 4, methods: plainReadMethods(0).slice(0, 1), cold: false });
    expect(contenders.map(({ prepare }) => prepare)).toEqual([undefined, undefined]);
  });
});
