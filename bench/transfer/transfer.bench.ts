/**
 * `tsukimi bench transfer`: remote GET throughput of the tcp transfer engine against a raw Node
 * socket pump between two processes (the limit) and ioredis GETs from a redis-server, all three
 * reading by one plan (batches, requests in flight, connections, receive-buffer reuse), for
 * 8k-token prompts of the tiny model (512 blocks of 16 tokens in one request), 64 KiB, 1 MiB and
 * 16 MiB blocks on loopback; then a node on this host read from its shared segment, over
 * loopback tcp, and the same blocks copied in memory (1 MiB blocks, and prompts' blocks of 16
 * tokens); then the SSD tier's reads against each plain read of the same files (main thread, and
 * over 1 to as many worker threads as cores; the fastest is the baseline, named in
 * `fs_read_method`), page cache dropped before each run where this process can drop it. Every server runs in its own process; this
 * process is the client of all of them. Progress goes to stderr, the result as one JSON object to
 * stdout.
 *
 * node -r ./tools/runtime/register.js bench/transfer/transfer.bench.ts [--rounds N] [--warmup N]
 *   [--sizes prompt_512x16tok,64kib,1mib,16mib] [--only ours,raw,redis,same-host,ssd]
 * (`tsukimi bench transfer --json` runs this; the JSON line is always printed.)
 */
import { payloadBytes, type BlockKey } from '@tsukimi/kv-block';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { progress, round } from '../lib/bench-stats';
import { BLOCK_SIZES, benchBlocks, benchKey, PROMPT_BLOCKS, TINY_BLOCK_LAYOUT, type BlockSize } from './bench-blocks';
import { startBenchChild, type BenchChild } from './bench-child';
import { blockServerArgv } from './block-server.args';
import { ExitCleanup } from './bench-cleanup';
import { cpuSecondsPerGb, describeRound, gcPauseShare, medianGbps, pairedRatio, runInterleaved, type Contender } from './interleaved.rounds';
import { OursClient } from './ours.client';
import { RawPumpClient } from './raw-pump.client';
import { findRedisServer, RedisBenchClient } from './redis.client';
import { measureSameHost } from './same-host.measure';
import { measureSsdRead } from './ssd-read.measure';
import { transferContenders } from './transfer.contenders';
import { transferPlan } from './transfer.plan';
import { transferArgs } from './transfer.args';

type BenchOptions = BenchValues<typeof transferArgs.options>;
const RUN_TIMEOUT_MS = 60_000;
const SSD = { payloadBytes: 1024 * 1024, count: 256 } as const;
/**
 * Same-host reads at 1 MiB blocks, and of two 8k-token prompts (1,024 blocks of 16 tokens, 512 a
 * request) read again each round, as a prefill instance reads a shared prefix from the node beside it.
 */
const SAME_HOST_SIZES = [
  { payloadBytes: 1024 * 1024, count: 128, label: '1mib' },
  { payloadBytes: payloadBytes(TINY_BLOCK_LAYOUT), count: 2 * PROMPT_BLOCKS, batchKeys: PROMPT_BLOCKS, label: 'prompt_512x16tok' },
] as const;

type Report = Record<string, number | string | null>;

const rounded = (value: number | null): number | null => (value === null ? null : round(value, 3));

/** The three contenders for one block size, each against its own server process, set up as transfer.contenders.ts says. */
async function measureSize(cleanup: ExitCleanup, redis: BenchChild | null, size: BlockSize, { only, warmup, rounds }: BenchOptions): Promise<Report> {
  const { payloadBytes, count, label } = size;
  progress(`transfer ${label}: starting servers with ${count} blocks`);
  const blockBytes = benchBlocks(payloadBytes, 1)[0]?.bytes.length ?? 0;
  const totalBytes = blockBytes * count;
  const keys: BlockKey[] = Array.from({ length: count }, (_, i) => benchKey(i));
  const servers: BenchChild[] = [];
  const closers: (() => unknown)[] = [];
  try {
    const contenders: Contender[] = [];
    for (const { name, server: serves, plan } of transferContenders(size).filter(({ name }) => (only as readonly string[]).includes(name))) {
      if (serves.script === 'redis.child.ts') {
        if (redis === null) continue;
        const client = await RedisBenchClient.connect(redis.port, plan);
        closers.push(() => client.close());
        await client.load(benchBlocks(...serves.loads));
        contenders.push({ name, pids: [redis.pid], run: () => client.getAll(keys) });
        continue;
      }
      const server = await startBenchChild(cleanup, serves.script, blockServerArgv(...serves.args));
      servers.push(server);
      if (serves.script === 'ours.server.ts') {
        const client = new OursClient(server.port, plan);
        closers.push(() => client.close());
        contenders.push({ name, pids: [server.pid], run: () => client.readAll(keys, RUN_TIMEOUT_MS) });
      } else {
        const client = await RawPumpClient.connect(server.port, blockBytes, plan);
        closers.push(() => client.close());
        contenders.push({ name, pids: [server.pid], run: () => client.fetch(count, RUN_TIMEOUT_MS) });
      }
    }
    const result = await runInterleaved(contenders, {
      warmup,
      rounds,
      expectedBytes: totalBytes,
      onRound: (done, total, warm, gbps) => progress(`transfer ${label}: round ${done}/${total}${warm ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`),
    });
    const report: Report = {};
    for (const name of ['ours', 'raw', 'redis']) report[`gbps_${name}_${label}`] = rounded(medianGbps(result, name, totalBytes));
    report[`ratio_ours_over_raw_${label}`] = rounded(pairedRatio(result, 'ours', 'raw'));
    report[`ratio_ours_over_redis_${label}`] = rounded(pairedRatio(result, 'ours', 'redis'));
    for (const name of ['ours', 'raw', 'redis']) report[`cpu_s_per_gb_${name}_${label}`] = rounded(cpuSecondsPerGb(result, name, totalBytes));
    progress(`transfer ${label}: ${Object.entries(report).map(([key, value]) => `${key.replace(`_${label}`, '')} ${value}`).join(', ')}`);
    progress(`transfer ${label}: share of wall time this process spent in GC pauses: ${contenders.map(({ name }) => `${name} ${rounded(gcPauseShare(result, name))}`).join(', ')}`);
    return report;
  } finally {
    for (const close of closers) await close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function main(options: BenchOptions): Promise<void> {
  const { sizes, warmup, rounds } = options;
  const wanted = (part: (typeof options.only)[number]) => options.only.includes(part);
  const cleanup = new ExitCleanup();
  const { concurrency, connections } = transferPlan(1);
  const report: Report = { batch_bytes: 4 * 1024 * 1024, prompt_batch_keys: PROMPT_BLOCKS, concurrency, connections, rounds };
  const redisServer = wanted('redis') ? findRedisServer() : undefined;
  if (wanted('redis') && redisServer === undefined) progress('redis-server not found (apt-get install -y redis-server): redis figures will be null');
  const redis = redisServer === undefined ? null : await startBenchChild(cleanup, 'redis.child.ts', ['--redis-server', redisServer]);
  try {
    const transfer = (['ours', 'raw', 'redis'] as const).some(wanted);
    for (const size of BLOCK_SIZES.filter(({ label }) => transfer && sizes.includes(label))) {
      Object.assign(report, await measureSize(cleanup, redis, size, options));
    }
  } finally {
    await redis?.stop();
  }
  if (wanted('same-host')) {
    for (const size of SAME_HOST_SIZES) Object.assign(report, await measureSameHost(cleanup, { ...size, warmup, rounds, timeoutMs: RUN_TIMEOUT_MS, log: progress }));
  }
  if (wanted('ssd')) {
    const ssd = await measureSsdRead(cleanup, { ...SSD, concurrency, warmup, rounds, log: progress });
    const figures: Report = {
      ssd_page_cache: ssd.pageCache,
      fs_read_method: ssd.fsMethod,
      gbps_ssd_tier_1mib: rounded(ssd.gbpsSsd),
      gbps_fs_read_1mib: rounded(ssd.gbpsFs),
      ratio_ssd_over_fs: rounded(ssd.ratioSsdOverFs),
      cpu_s_per_gb_ssd_tier_1mib: rounded(ssd.cpuSecondsPerGbSsd),
      cpu_s_per_gb_fs_read_1mib: rounded(ssd.cpuSecondsPerGbFs),
      ratio_ssd_over_fs_warm: rounded(ssd.ratioSsdOverFsWarm),
      fs_read_method_warm: ssd.fsMethodWarm,
      ...Object.fromEntries(
        ssd.methods.flatMap((method) => [
          [`gbps_${method.name}_1mib`, rounded(method.gbps)],
          [`cpu_s_per_gb_${method.name}_1mib`, rounded(method.cpuSecondsPerGb)],
          [`ratio_ssd_over_${method.name}`, rounded(method.ratioSsdOver)],
          [`gbps_${method.name}_1mib_warm`, rounded(method.gbpsWarm)],
          [`ratio_ssd_over_${method.name}_warm`, rounded(method.ratioSsdOverWarm)],
        ]),
      ),
    };
    progress(`ssd: ${Object.entries(figures).map(([key, value]) => `${key} ${value}`).join(', ')}`);
    Object.assign(report, figures);
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

runBench(transferArgs, main);
