import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { decodeBlockHeader, type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { blockPath, SsdTier } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { ReceiveBufferPool } from '@tsukimi/transfer';
import { round } from '../lib/bench-stats';
import { benchBlocks } from './bench-blocks';
import { cpuSecondsPerGb, describeRound, medianGbps, pairedRatio, runInterleaved } from './interleaved.rounds';
import { pageCacheAfterDrop } from './page-cache';
import { fastestMethod, plainReadMethods } from './plain-read.methods';
import { ssdReadContenders, tierReadContender } from './ssd-read.measure';

/**
 * What the SSD tier's checksum costs where it runs, and what another would: the bench's SSD reads
 * (256 files of 1 MiB, 4 in flight, page cache dropped before every run where the machine allows;
 * `WARM=1` leaves it warm) with two more tiers over the same files in the same rounds. Both run the
 * header, key and length checks; `ssd_no_checksum` then stops (no checksum at all: the most any
 * faster checksum could give), `ssd_crc32` runs `zlib.crc32` over the block in place of XXH3 (the
 * result unused: a CRC32 file format's cost). Every ratio is the named tier's throughput over the
 * fastest plain read's in the run (paired per round; above 1 the tier is faster).
 * Run: node -r ./tools/runtime/register.js bench/transfer/ssd-checksum-share.measure.ts
 */
const ROUNDS = Number(process.env['ROUNDS'] ?? 7);
const COLD = process.env['WARM'] === undefined;
const CONCURRENCY = 4;
const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

/** Header, key and length: what every tier below checks before any checksum. */
function structural(key: BlockKey, bytes: Uint8Array): Result<void, BlockCodecError> {
  const header = decodeBlockHeader(bytes);
  if (!header.ok) return header;
  if (header.value.key !== key) return err({ kind: 'key-mismatch', expected: key, actual: header.value.key });
  if (bytes.length !== header.value.totalBytes) return err({ kind: 'length-mismatch', field: 'totalBytes', expected: header.value.totalBytes, actual: bytes.length });
  return ok(undefined);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsukimi-ssd-checksum-share-'));
  try {
    const blocks = benchBlocks(1024 * 1024, 256);
    const blockBytes = blocks[0]?.bytes.length ?? 0;
    const totalBytes = blockBytes * blocks.length;
    const tier = await SsdTier.open({ dir, capacityBytes: totalBytes });
    for (const block of blocks) if (!(await tier.put(block.key, block.bytes)).ok) throw new Error('ssd put failed');
    const keys = blocks.map((block) => block.key);
    const pageCache = COLD ? pageCacheAfterDrop(keys.map((key) => blockPath(dir, key))) : 'warm';
    let crcSink = 0;
    const tiers: [string, (key: BlockKey, bytes: Uint8Array) => Result<void, BlockCodecError>][] = [['ssd_no_checksum', structural]];
    if (crc32 !== undefined) {
      tiers.push(['ssd_crc32', (key, bytes) => {
        const checked = structural(key, bytes);
        if (checked.ok) crcSink ^= crc32(bytes);
        return checked;
      }]);
    }
    const methods = plainReadMethods(availableParallelism());
    const { contenders, close } = ssdReadContenders({ tier, dir, keys, blockBytes, concurrency: CONCURRENCY, methods, cold: pageCache === 'dropped' });
    const memory = new ReceiveBufferPool({ budgetBytes: 2 * CONCURRENCY * (blockBytes + 1) });
    const prepare = contenders[0]?.prepare?.bind(contenders[0]);
    const extra = await Promise.all(
      tiers.map(async ([name, verify]) => tierReadContender(name, await SsdTier.open({ dir, capacityBytes: totalBytes, verify }), { keys, concurrency: CONCURRENCY, memory, prepare })),
    );
    const all = [...contenders, ...extra];
    const loadBefore = loadavg()[0] ?? 0;
    const result = await runInterleaved(all, { warmup: 2, rounds: ROUNDS, expectedBytes: totalBytes, onRound: (n, total, warmup, gbps) => console.error(`round ${n}/${total}${warmup ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`) });
    await close();
    const fs = fastestMethod(result, methods, totalBytes)?.name ?? '';
    console.log(`page cache ${pageCache}, load ${round(loadBefore, 1)} -> ${round(loadavg()[0] ?? 0, 1)}, ${ROUNDS} rounds, fastest plain read ${fs} (crc ${crcSink & 1})`);
    for (const { name } of all) {
      console.log(`${name}\t${round(medianGbps(result, name, totalBytes) ?? NaN, 3)} GB/s\t${round(cpuSecondsPerGb(result, name, totalBytes) ?? NaN, 3)} CPU-s/GB\tover ${fs} ${round(pairedRatio(result, name, fs) ?? NaN, 3)}\tssd over it ${round(pairedRatio(result, 'ssd', name) ?? NaN, 3)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
