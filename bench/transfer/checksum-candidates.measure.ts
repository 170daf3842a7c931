import { createHash, getHashes, randomFillSync } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import * as zlib from 'node:zlib';
import { xxh3 } from '@node-rs/xxhash';
import { Xxh3Hasher } from '@tsukimi/kv-store';
import { median } from '../lib/bench-stats';

/**
 * Checksums the SSD tier could run over a block it has just read, on the tier's block sizes: GB/s
 * of wall time and CPU seconds per GB of this process, each candidate timed in alternating rounds so
 * all see the same machine. The XXH3 in WebAssembly SIMD runs twice: over bytes lying in its own
 * memory (how the tier reads blocks of 4 KiB and more) and over bytes it must copy in first.
 * `hot`: the same block hashed again and again (it stays in the CPU's caches); `spread`: each call
 * hashes the next block of 256 MiB, so the bytes come from memory, as a block just read does when
 * the kernel wrote it on another core.
 * Run: node -r ./tools/runtime/register.js bench/transfer/checksum-candidates.measure.ts
 */
const SIZES: readonly (readonly [string, number])[] = [
  ['64kib', 64 * 1024],
  ['1mib', 1024 * 1024],
  ['16mib', 16 * 1024 * 1024],
];
const ROUNDS = Number(process.env['ROUNDS'] ?? 7);
/** Bytes hashed per candidate per round, whatever the block size. */
const BYTES_PER_ROUND = 256 * 1024 * 1024;

const SPREAD_BYTES = 256 * 1024 * 1024;

type Candidate = (bytes: Uint8Array) => unknown;
interface Timed {
  readonly run: Candidate;
  /** Hashed in turn, one a call. */
  readonly inputs: readonly Uint8Array[];
}

const hasher = Xxh3Hasher.create({ inPlaceBytes: SPREAD_BYTES });
const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const outsideArena = new Uint8Array(SPREAD_BYTES);
randomFillSync(outsideArena);
hasher.inPlaceRegion.set(outsideArena.subarray(0, hasher.inPlaceRegion.length));

const slices = (arena: Uint8Array, size: number, spread: boolean): Uint8Array[] =>
  Array.from({ length: spread ? SPREAD_BYTES / size : 1 }, (_, i) => arena.subarray(i * size, (i + 1) * size));

function candidates(size: number, spread: boolean): Record<string, Timed> {
  const outside = slices(outsideArena, size, spread);
  const all: Record<string, Timed> = {
    xxh3_wasm_in_place: { run: (bytes) => hasher.hash64(bytes, 7n), inputs: slices(hasher.inPlaceRegion, size, spread) },
    xxh3_wasm_copy: { run: (bytes) => hasher.hash64(bytes, 7n), inputs: outside },
    xxh3_native: { run: (bytes) => xxh3.xxh64(bytes, 7n), inputs: outside },
  };
  if (crc32 !== undefined) all['zlib_crc32'] = { run: (bytes) => crc32(bytes), inputs: outside };
  for (const name of ['sha1', 'sha256', 'md5', 'blake2b512']) {
    if (getHashes().includes(name)) all[name] = { run: (bytes) => createHash(name).update(bytes).digest(), inputs: outside };
  }
  return all;
}

function timeOne(candidate: Timed, calls: number): { wallS: number; cpuS: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const inputs = candidate.inputs;
  for (let i = 0; i < calls; i++) candidate.run(inputs[i % inputs.length] as Uint8Array);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wallS, cpuS: (used.user + used.system) / 1e6 };
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, zlib ${process.versions.zlib}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROUNDS} rounds of ${BYTES_PER_ROUND / 2 ** 20} MiB`);
for (const [sizeLabel, size] of SIZES) for (const spread of [false, true]) {
  const label = `${sizeLabel} ${spread ? 'spread' : 'hot'}`;
  const all = candidates(size, spread);
  const calls = Math.max(1, Math.floor(BYTES_PER_ROUND / size));
  const gbps: Record<string, number[]> = {};
  const cpuPerGb: Record<string, number[]> = {};
  for (const candidate of Object.values(all)) timeOne(candidate, Math.max(1, calls >> 3));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, candidate] of Object.entries(all)) {
      const { wallS, cpuS } = timeOne(candidate, calls);
      const gb = (calls * size) / 1e9;
      (gbps[name] ??= []).push(gb / wallS);
      (cpuPerGb[name] ??= []).push(cpuS / gb);
    }
  }
  for (const name of Object.keys(all)) {
    console.log(`${label}\t${name}\t${median(gbps[name]!).toFixed(2)} GB/s\t${median(cpuPerGb[name]!).toFixed(4)} CPU-s/GB`);
  }
}
console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
