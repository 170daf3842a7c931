import { mkdtempSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockPath, SsdTier } from '@tsukimi/kv-store';
import { round as roundTo } from '../lib/bench-stats';
import { benchBlocks } from './bench-blocks';
import { type ExitCleanup } from './bench-cleanup';
import { cpuSecondsPerGb, describeRound, gcPauseShare, medianGbps, pairedRatio, runInterleaved, type Contender } from './interleaved.rounds';

export interface SsdReadOptions {
  readonly payloadBytes: number;
  readonly count: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

export interface SsdReadFigures {
  readonly gbpsSsd: number | null;
  readonly gbpsFs: number | null;
  readonly ratioSsdOverFs: number | null;
  readonly cpuSecondsPerGbSsd: number | null;
  readonly cpuSecondsPerGbFs: number | null;
}

/** Runs `read` over every key, `concurrency` at a time; resolves to the bytes read. */
async function readEach<K>(keys: readonly K[], concurrency: number, read: (key: K) => Promise<number>): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const moved = await read(keys[next++] as K);
      bytes += moved;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return bytes;
}

/**
 * `SsdTier.get` (which verifies every block's checksum) against `fs.promises.readFile` of the
 * same files at the same concurrency. Both read files the page cache already holds: the warm-up
 * rounds read every file, and the blocks were just written. So this measures the tier's own cost
 * over the filesystem call, not the device.
 */
export async function measureSsdRead(cleanup: ExitCleanup, options: SsdReadOptions): Promise<SsdReadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tsukimi-bench-ssd-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const forget = cleanup.add(removeDir);
  try {
    const blocks = benchBlocks(options.payloadBytes, options.count);
    const totalBytes = blocks.reduce((sum, block) => sum + block.bytes.length, 0);
    const tier = await SsdTier.open({ dir, capacityBytes: totalBytes });
    for (const block of blocks) {
      const put = await tier.put(block.key, block.bytes);
      if (!put.ok) throw new Error(`ssd put failed: ${put.error.kind}`);
    }
    const keys = blocks.map((block) => block.key);
    options.log(`ssd: wrote ${blocks.length} blocks of ${blocks[0]?.bytes.length ?? 0} bytes to ${dir}`);
    const contenders: Contender[] = [
      {
        name: 'ssd',
        pids: [],
        run: () =>
          readEach(keys, options.concurrency, async (key) => {
            const got = await tier.get(key);
            if (!got.ok) throw new Error(`ssd get of ${key} failed: ${got.error.kind}`);
            return got.value.length;
          }),
      },
      { name: 'fs', pids: [], run: () => readEach(keys, options.concurrency, async (key) => (await fsp.readFile(blockPath(dir, key))).length) },
    ];
    const result = await runInterleaved(contenders, {
      warmup: options.warmup,
      rounds: options.rounds,
      expectedBytes: totalBytes,
      onRound: (round, total, warmup, gbps) => options.log(`ssd: round ${round}/${total}${warmup ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`),
    });
    options.log(`ssd: share of wall time in GC pauses: tier ${roundTo(gcPauseShare(result, 'ssd') ?? NaN, 3)}, fs ${roundTo(gcPauseShare(result, 'fs') ?? NaN, 3)}`);
    return {
      gbpsSsd: medianGbps(result, 'ssd', totalBytes),
      gbpsFs: medianGbps(result, 'fs', totalBytes),
      ratioSsdOverFs: pairedRatio(result, 'ssd', 'fs'),
      cpuSecondsPerGbSsd: cpuSecondsPerGb(result, 'ssd', totalBytes),
      cpuSecondsPerGbFs: cpuSecondsPerGb(result, 'fs', totalBytes),
    };
  } finally {
    removeDir();
    forget();
  }
}
