/**
 * Remote GET throughput of the tcp transfer engine against the two references issue 4 names:
 * a raw Node socket pump between two processes (the limit) and ioredis GETs from a redis-server.
 * For each block size every contender moves the same blocks from another process on loopback;
 * rounds alternate between contenders so that drift hits all three alike.
 *
 * node -r ./tools/runtime/register.js bench/transfer/transfer.bench.ts [--json] [--rounds N] [--warmup N]
 *   [--sizes 64kib,1mib,16mib] [--only ours,raw,redis]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type BlockKey } from '@tsukimi/kv-block';
import { TcpTransport, type Endpoint } from '@tsukimi/transfer';
import { BLOCK_SIZES, benchBlocks, benchKey } from './bench-blocks';
import { startBenchChild } from './bench-child';
import { RawPumpClient } from './raw-pump.client';
import { RedisRunner } from './redis.runner';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const json = args.includes('--json');
const list = (name: string): string[] | null => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? '').split(',') : null;
};
const sizes = list('--sizes');
const only = list('--only');
const rounds = flag('--rounds', 7);
const warmup = flag('--warmup', 2);
/** Keys per request (ours) and per pipeline (redis): about 4 MiB per batch. */
const batchKeysFor = (payloadBytes: number): number => Math.max(1, Math.floor((4 * 1024 * 1024) / payloadBytes));
const CONCURRENCY = 4;
const ROUND_TIMEOUT_MS = 120_000;

// A full collection before each timed run, so that one contender's garbage is not charged to the next.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const log = (message: string): void => {
  process.stderr.write(`[bench transfer] ${message}\n`);
};

async function readAll(transport: TcpTransport, endpoint: Endpoint, keys: readonly BlockKey[], batchKeys: number): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const batch = keys.slice(next, next + batchKeys);
      next += batchKeys;
      const result = await transport.read(endpoint, batch, { timeoutMs: ROUND_TIMEOUT_MS });
      if (!result.ok) throw new Error(`read failed: ${result.error.kind}`);
      for (const outcome of result.value) {
        if (outcome.status !== 'found') throw new Error(`block ${outcome.key} missing`);
        bytes += outcome.bytes.length;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return bytes;
}

/** Seconds `run` takes; it must move exactly `expectedBytes`. */
async function timed(expectedBytes: number, run: () => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  const bytes = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (bytes !== expectedBytes) throw new Error(`moved ${bytes} bytes, expected ${expectedBytes}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const round3 = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 1000);

async function main(): Promise<void> {
  const report: Record<string, number | null> = {};
  const redis = only === null || only.includes('redis') ? await RedisRunner.start() : null;
  if (redis === null) log('redis-server not found (apt-get install -y redis-server): redis figures will be null');
  try {
    for (const { label, payloadBytes, count } of BLOCK_SIZES.filter((size) => sizes === null || sizes.includes(size.label))) {
      log(`${label}: starting servers with ${count} blocks`);
      const blockBytes = benchBlocks(payloadBytes, 1)[0]?.bytes.length ?? 0;
      const totalBytes = blockBytes * count;
      const keys = Array.from({ length: count }, (_, i) => benchKey(i));
      const [ours, raw] = await Promise.all([startBenchChild('ours.server.ts', [payloadBytes, count]), startBenchChild('raw-pump.server.ts', [payloadBytes, count])]);
      await redis?.load(benchBlocks(payloadBytes, count));
      const transport = new TcpTransport();
      const rawClient = await RawPumpClient.connect(raw.port, blockBytes);
      const endpoint: Endpoint = { nodeId: 'bench', host: '127.0.0.1', port: ours.port };
      const batchKeys = batchKeysFor(payloadBytes);
      const contenders: [string, () => Promise<number>][] = [
        ['ours', () => readAll(transport, endpoint, keys, batchKeys)],
        ['raw', async () => (await rawClient.fetch(count, ROUND_TIMEOUT_MS), totalBytes)],
      ];
      if (redis !== null && (only === null || only.includes('redis'))) contenders.push(['redis', () => redis.getAll(keys, batchKeys, CONCURRENCY)]);
      const chosen = contenders.filter(([name]) => only === null || only.includes(name));
      const seconds = new Map<string, number[]>(chosen.map(([name]) => [name, []]));
      for (let round = 0; round < warmup + rounds; round++) {
        for (const [name, run] of chosen) {
          collectGarbage();
          const took = await timed(totalBytes, run);
          if (round >= warmup) seconds.get(name)?.push(took);
        }
        log(`${label}: round ${round + 1}/${warmup + rounds}${round < warmup ? ' (warm-up)' : ''}`);
      }
      const gbps = (name: string): number | null => {
        const taken = seconds.get(name);
        return taken === undefined || taken.length === 0 ? null : totalBytes / median(taken) / 1e9;
      };
      const [oursGbps, rawGbps, redisGbps] = [gbps('ours'), gbps('raw'), gbps('redis')];
      report[`gbps_ours_${label}`] = round3(oursGbps);
      report[`gbps_raw_${label}`] = round3(rawGbps);
      report[`gbps_redis_${label}`] = round3(redisGbps);
      report[`ratio_ours_over_raw_${label}`] = round3(oursGbps !== null && rawGbps !== null ? oursGbps / rawGbps : null);
      report[`ratio_ours_over_redis_${label}`] = round3(oursGbps !== null && redisGbps !== null ? oursGbps / redisGbps : null);
      log(`${label}: ours ${round3(oursGbps)} GB/s, raw ${round3(rawGbps)} GB/s, redis ${round3(redisGbps)} GB/s`);
      rawClient.close();
      await transport.close();
      await Promise.all([ours.stop(), raw.stop()]);
    }
  } finally {
    await redis?.stop();
  }
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else for (const [key, value] of Object.entries(report)) process.stdout.write(`${key.padEnd(28)} ${value}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench transfer] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
