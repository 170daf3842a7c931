import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
import { fastestMethod, plainReadMethods, type PlainReadMethod } from './plain-read.methods';
import { PlainReadThreads } from './plain-read.threads';

export interface SsdReadOptions {
  readonly payloadBytes: number;
  readonly count: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

/** One plain-read method's figures in the main (cold where the machine allows) run. */
export interface PlainReadFigures {
  readonly name: string;
  readonly threads: number;
  readonly gbps: number | null;
  readonly cpuSecondsPerGb: number | null;
  /** The tier's throughput over this method's, paired per round; above 1 the tier is faster. */
  readonly ratioSsdOver: number | null;
  /** The same two with the files in the page cache. */
  readonly gbpsWarm: number | null;
  readonly ratioSsdOverWarm: number | null;
}

export interface SsdReadFigures {
  /** Whether the measured reads came from the device (`dropped`) or from memory (`warm`): where dropping fails, `warm`. */
  readonly pageCache: PageCacheState;
  /** The fastest plain-read method of the run: the baseline of every `Fs` figure below. */
  readonly fsMethod: string | null;
  readonly gbpsSsd: number | null;
  readonly gbpsFs: number | null;
  readonly ratioSsdOverFs: number | null;
  readonly cpuSecondsPerGbSsd: number | null;
  readonly cpuSecondsPerGbFs: number | null;
  /** Every plain-read method measured, the fastest among them. */
  readonly methods: readonly PlainReadFigures[];
  /** The same reads with the files in the page cache, against the fastest plain read then: what the tier adds to the read itself. */
  readonly ratioSsdOverFsWarm: number | null;
  readonly fsMethodWarm: string | null;
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
  /** The plain reads to measure beside the tier (`plainReadMethods`). */
  readonly methods: readonly PlainReadMethod[];
  /** Drops the files from the page cache before each run when true. */
  readonly cold: boolean;
  /** Sees every block read, by contender name, for tests that check every contender reads the same bytes. */
  readonly consume?: (contender: string, bytes: Uint8Array) => void;
}

export interface SsdReadContenders {
  readonly contenders: readonly Contender[];
  /** Stops the plain-read threads. */
  close(): Promise<void>;
}

/**
 * `SsdTier.read` (which verifies every block's checksum, reading into pooled memory released
 * once the block is consumed) against each plain read of the same files at the same
 * concurrency: the same byte count per file into a buffer reused per request in flight, on the
 * main thread (open, one positioned read, close through `fs/promises`) or spread over worker
 * threads (the same with synchronous calls, into memory shared with the threads).
 */
export function ssdReadContenders(work: SsdReadWork): SsdReadContenders {
  const paths = work.keys.map((key) => blockPath(work.dir, key));
  const prepare = work.cold ? () => void dropFromPageCache(paths) : undefined;
  const consume = (name: string) => (work.consume === undefined ? undefined : (bytes: Uint8Array) => work.consume?.(name, bytes));
  // As a node serves an SSD hit: into pooled memory, handed back once served.
  const memory = new ReceiveBufferPool({ budgetBytes: 2 * work.concurrency * (work.blockBytes + 1) });
  const pools: PlainReadThreads[] = [];
  const plain = work.methods.map((method): Contender => {
    const seen = consume(method.name);
    if (method.threads === 0) {
      const readers = Array.from({ length: work.concurrency }, () => new PlainFileReader(work.blockBytes));
      return { name: method.name, pids: [], prepare, run: () => readEach(paths, work.concurrency, (path, worker) => (readers[worker] as PlainFileReader).read(path, seen)) };
    }
    const threads = new PlainReadThreads(method.threads, work.concurrency, work.blockBytes);
    pools.push(threads);
    return { name: method.name, pids: [], prepare, run: () => readEach(paths, work.concurrency, (path, slot) => threads.read(path, slot, seen)) };
  });
  const ssd = tierReadContender('ssd', work.tier, { ...work, memory, prepare });
  return { contenders: [ssd, ...plain], close: async () => void (await Promise.all(pools.map((threads) => threads.close()))) };
}

/** `tier.read` of every key, `concurrency` at a time, each block handed back to `memory` once seen: as a node serves an SSD hit. */
export function tierReadContender(
  name: string,
  tier: SsdTier,
  work: Pick<SsdReadWork, 'keys' | 'concurrency' | 'consume'> & { readonly memory: ReceiveBufferPool; readonly prepare: (() => void) | undefined },
): Contender {
  return {
    name,
    pids: [],
    prepare: work.prepare,
    run: () =>
      readEach(work.keys, work.concurrency, async (key) => {
        const got = await tier.read(key, work.memory);
        if (!got.ok) throw new Error(`${name} read of ${key} failed: ${got.error.kind}`);
        work.consume?.(name, got.value.bytes);
        const moved = got.value.bytes.length;
        got.value.release();
        return moved;
      }),
  };
}

/**
 * The SSD tier's reads against every plain read of the same files (the fastest in the run is
 * the baseline), first with the files dropped from the page cache before every run (the
 * device's speed, where the machine lets this process drop them), then with them warm (what the
 * tier adds to the read).
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
    const methods = plainReadMethods(availableParallelism());
    const measure = async (cold: boolean, tag: string) => {
      const { contenders, close } = ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: options.concurrency, methods, cold });
      try {
        const result = await runInterleaved(contenders, {
          warmup: options.warmup,
          rounds: options.rounds,
          expectedBytes: totalBytes,
          onRound: (round, total, warmup, gbps) => options.log(`ssd ${tag}: round ${round}/${total}${warmup ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`),
        });
        options.log(`ssd ${tag}: share of wall time in GC pauses: ${contenders.map(({ name }) => `${name} ${roundTo(gcPauseShare(result, name) ?? NaN, 3)}`).join(', ')}`);
        return { result, fastest: fastestMethod(result, methods, totalBytes)?.name ?? null };
      } finally {
        await close();
      }
    };
    const main = await measure(pageCache === 'dropped', pageCache);
    const warm = pageCache === 'dropped' ? await measure(false, 'warm') : main;
    const fs = main.fastest ?? '';
    return {
      pageCache,
      fsMethod: main.fastest,
      gbpsSsd: medianGbps(main.result, 'ssd', totalBytes),
      gbpsFs: medianGbps(main.result, fs, totalBytes),
      ratioSsdOverFs: pairedRatio(main.result, 'ssd', fs),
      cpuSecondsPerGbSsd: cpuSecondsPerGb(main.result, 'ssd', totalBytes),
      cpuSecondsPerGbFs: cpuSecondsPerGb(main.result, fs, totalBytes),
      methods: methods.map(({ name, threads }) => ({
        name,
        threads,
        gbps: medianGbps(main.result, name, totalBytes),
        cpuSecondsPerGb: cpuSecondsPerGb(main.result, name, totalBytes),
        ratioSsdOver: pairedRatio(main.result, 'ssd', name),
        gbpsWarm: medianGbps(warm.result, name, totalBytes),
        ratioSsdOverWarm: pairedRatio(warm.result, 'ssd', name),
      })),
      ratioSsdOverFsWarm: pairedRatio(warm.result, 'ssd', warm.fastest ?? ''),
      fsMethodWarm: warm.fastest,
    };
  } finally {
    removeDir();
    forget();
  }
}
