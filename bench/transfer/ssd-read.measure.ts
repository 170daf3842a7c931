import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlockKey } from '@tsukimi/kv-block';
import { blockPath, SsdTier } from '@tsukimi/kv-store';
import { ReceiveBufferPool } from '@tsukimi/transfer';
import { round as roundTo } from '../lib/bench-stats';
import { benchBlocks } from './bench-blocks';
import { type ExitCleanup } from './bench-cleanup';
import { cpuSecondsPerGb, describeRound, gcPauseShare, medianGbps, pairedRatio, runInterleaved, type Contender } from './interleaved.rounds';
import { dropFromPageCache, pageCacheAfterDrop, type PageCacheState } from './page-cache';
import { PlainFileReader } from './plain-file.reader';

export interface SsdReadOptions {
  readonly payloadBytes: number;
  readonly count: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

export interface SsdReadFigures {
  /** Whether the measured reads came from the device (`dropped`) or from memory (`warm`): where dropping fails, `warm`. */
  readonly pageCache: PageCacheState;
  readonly gbpsSsd: number | null;
  readonly gbpsFs: number | null;
  readonly ratioSsdOverFs: number | null;
  readonly cpuSecondsPerGbSsd: number | null;
  readonly cpuSecondsPerGbFs: number | null;
  /** The same two reads with the files in the page cache: what the tier adds to the read itself. */
  readonly ratioSsdOverFsWarm: number | null;
}

/** Runs `read` over every key, `concurrency` at a time, worker `w` passing `w` along; resolves to the bytes read. */
export async function readEach<K>(keys: readonly K[], concurrency: number, read: (key: K, worker: number) => Promise<number>): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async (index: number): Promise<void> => {
    while (next < keys.length) {
      // Read first, then add: `bytes += await …` would add to the total as it was before the wait.
      const moved = await read(keys[next++] as K, index);
      bytes += moved;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return bytes;
}

export interface SsdReadWork {
  readonly tier: SsdTier;
  readonly dir: string;
  readonly keys: readonly BlockKey[];
  readonly blockBytes: number;
  readonly concurrency: number;
  /** Drops the files from the page cache before each run when true. */
  readonly cold: boolean;
  /** Sees every block read, for tests that check both contenders read the same bytes. */
  readonly consume?: (contender: 'ssd' | 'fs', bytes: Uint8Array) => void;
}

/**
 * `SsdTier.read` (which verifies every block's checksum, reading into pooled memory released
 * once the block is consumed) against the plain read of the same files at the same concurrency: one positioned read each
 * into a buffer reused per request in flight.
 */
export function ssdReadContenders(work: SsdReadWork): Contender[] {
  const paths = work.keys.map((key) => blockPath(work.dir, key));
  const prepare = work.cold ? () => void dropFromPageCache(paths) : undefined;
  const readers = Array.from({ length: work.concurrency }, () => new PlainFileReader(work.blockBytes));
  // As a node serves an SSD hit: into pooled memory, handed back once served.
  const memory = new ReceiveBufferPool({ budgetBytes: 2 * work.concurrency * (work.blockBytes + 1) });
  return [
    {
      name: 'ssd',
      pids: [],
      prepare,
      run: () =>
        readEach(work.keys, work.concurrency, async (key) => {
          const got = await work.tier.read(key, memory);
          if (!got.ok) throw new Error(`ssd read of ${key} failed: ${got.error.kind}`);
          work.consume?.('ssd', got.value.bytes);
          const moved = got.value.bytes.length;
          got.value.release();
          return moved;
        }),
    },
    {
      name: 'fs',
      pids: [],
      prepare,
      run: () => readEach(paths, work.concurrency, (path, worker) => (readers[worker] as PlainFileReader).read(path, (bytes) => work.consume?.('fs', bytes))),
    },
  ];
}

/**
 * The SSD tier's reads against the plain read, first with the files dropped from the page cache
 * before every run (the device's speed, where the machine lets this process drop them), then
 * with them warm (what the tier adds to the read).
 */
export async function measureSsdRead(cleanup: ExitCleanup, options: SsdReadOptions): Promise<SsdReadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tsukimi-bench-ssd-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const forget = cleanup.add(removeDir);
  try {
    const blocks = benchBlocks(options.payloadBytes, options.count);
    const blockBytes = blocks[0]?.bytes.length ?? 0;
    const totalBytes = blockBytes * blocks.length;
    const tier = await SsdTier.open({ dir, capacityBytes: totalBytes });
    for (const block of blocks) {
      const put = await tier.put(block.key, block.bytes);
      if (!put.ok) throw new Error(`ssd put failed: ${put.error.kind}`);
    }
    const keys = blocks.map((block) => block.key);
    const pageCache = pageCacheAfterDrop(keys.map((key) => blockPath(dir, key)));
    options.log(`ssd: wrote ${blocks.length} blocks of ${blockBytes} bytes to ${dir}; page cache ${pageCache === 'dropped' ? 'dropped before every run' : 'warm (could not drop it)'}`);
    const measure = async (cold: boolean, tag: string) => {
      const result = await runInterleaved(ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: options.concurrency, cold }), {
        warmup: options.warmup,
        rounds: options.rounds,
        expectedBytes: totalBytes,
        onRound: (round, total, warmup, gbps) => options.log(`ssd ${tag}: round ${round}/${total}${warmup ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`),
      });
      options.log(`ssd ${tag}: share of wall time in GC pauses: tier ${roundTo(gcPauseShare(result, 'ssd') ?? NaN, 3)}, fs ${roundTo(gcPauseShare(result, 'fs') ?? NaN, 3)}`);
      return result;
    };
    const main = await measure(pageCache === 'dropped', pageCache);
    const warm = pageCache === 'dropped' ? await measure(false, 'warm') : main;
    return {
      pageCache,
      gbpsSsd: medianGbps(main, 'ssd', totalBytes),
      gbpsFs: medianGbps(main, 'fs', totalBytes),
      ratioSsdOverFs: pairedRatio(main, 'ssd', 'fs'),
      cpuSecondsPerGbSsd: cpuSecondsPerGb(main, 'ssd', totalBytes),
      cpuSecondsPerGbFs: cpuSecondsPerGb(main, 'fs', totalBytes),
      ratioSsdOverFsWarm: pairedRatio(warm, 'ssd', 'fs'),
    };
  } finally {
    removeDir();
    forget();
  }
}
