import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SsdTier } from '@tsukimi/kv-store';
import { benchBlocks } from './bench-blocks';
import { ssdReadContenders } from './ssd-read.measure';

// The SSD figure compares the tier with the plain read of the same files; this checks both read
// the same bytes of the same files, whether the page cache was dropped before or not.
const blocks = benchBlocks(64 * 1024, 8);
const blockBytes = blocks[0]?.bytes.length ?? 0;
const keys = blocks.map((block) => block.key);
const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

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

  it.each([true, false])('reads the same bytes of the same files through the tier and the plain read (cold %s)', async (cold) => {
    const seen = { ssd: [] as string[], fs: [] as string[] };
    const contenders = ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: 4, cold, consume: (name, bytes) => seen[name].push(digest(bytes)) });
    for (const contender of contenders) {
      contender.prepare?.();
      expect(await contender.run()).toBe(blockBytes * blocks.length);
    }
    const expected = blocks.map((block) => digest(block.bytes)).sort();
    expect(seen.ssd.sort()).toEqual(expected);
    expect(seen.fs.sort()).toEqual(expected);
  });
});
