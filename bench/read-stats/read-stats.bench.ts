import { type BlockKey, blockKeyFromU64 } from '@tsukimi/kv-block';
import { MemoryMetadataStore, parseNodeId, seededRandom, StoreMaster, type StoreMasterOptions } from '@tsukimi/kv-store';
import { expectOk } from '@tsukimi/result';
import { systemClock } from '@tsukimi/telemetry';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, nowMs, progress, round } from '../lib/bench-stats';
import { readStatsArgs } from './read-stats.args';

/**
 * `tsukimi bench read-stats [--json] [--rounds N] [--gets N]`: what recording reads costs the
 * kvpool master's get.
 *
 * Three masters in this process, each over its own in-memory metadata with the same 20,000 blocks
 * (1,250 prompts of 16 blocks, 64 KiB each) on one node, answer the same gets: a prompt's 16 keys a
 * call, prompts drawn with a skew (a few hot, a long tail). `off` records nothing
 * (`reuseSampleRate` 0, `hitTrackedBlocks` 0: the master as it was); `default` records at the
 * flags' defaults (1% of keys traced for reuse distance, decayed hits of 65,536 blocks); `all`
 * traces every key. One untimed warm-up round, then timed rounds in which the sides take turns
 * every 50 gets, the order rotating.
 * The figures are keys answered per second; the ratios are the median over rounds of each side's
 * throughput over `off`'s in the same round (below 1: recording costs that share of the get's
 * throughput). The in-memory metadata is the cheapest get there is: with Redis behind the master
 * the same recording is a smaller share.
 */
const PROMPTS = 1250;
const BLOCKS_PER_PROMPT = 16;
const BLOCK_BYTES = 64 * 1024;
/** Gets one side answers before the next takes its turn. */
const CHUNK = 50;

const SIDES: Readonly<Record<string, StoreMasterOptions>> = {
  off: { reuseSampleRate: 0, hitTrackedBlocks: 0 },
  default: {},
  all: { reuseSampleRate: 1 },
};

const keyOf = (prompt: number, block: number): BlockKey => blockKeyFromU64((BigInt(prompt * BLOCKS_PER_PROMPT + block + 1) * 0x9e3779b97f4a7c15n) & 0xffff_ffff_ffff_ffffn);

async function masterWithBlocks(options: StoreMasterOptions): Promise<StoreMaster> {
  const master = new StoreMaster({ store: new MemoryMetadataStore({ random: seededRandom(1) }), clock: systemClock, random: seededRandom(1), options: { ...options, nodeTimeoutMs: 3_600_000 } });
  const node = expectOk(parseNodeId('bench-node'), 'node id');
  expectOk(await master.heartbeat(node, { capacityBytes: { dram: 2 * PROMPTS * BLOCKS_PER_PROMPT * BLOCK_BYTES } }), 'heartbeat');
  for (let p = 0; p < PROMPTS; p++) {
    const keys = Array.from({ length: BLOCKS_PER_PROMPT }, (_, b) => keyOf(p, b));
    for (const started of await master.putStartBatch(keys.map((key) => ({ key, sizeBytes: BLOCK_BYTES })))) expectOk(started, 'put start');
    for (const ended of await master.putEndBatch(keys)) expectOk(ended, 'put end');
  }
  return master;
}

/** The median over rounds of one side's throughput over another's in the same round: the rounds' load differs, the sides' within a round hardly. */
function roundRatio(side: readonly number[], baseline: readonly number[]): number {
  return median(side.map((keysPerS, i) => keysPerS / baseline[i]!));
}

async function main(options: BenchValues<typeof readStatsArgs.options>): Promise<void> {
  const random = seededRandom(5);
  const rounds = Array.from({ length: options.rounds + 1 }, () => Array.from({ length: options.gets }, () => Math.floor(PROMPTS * random.next() ** 3)));
  const sides = await Promise.all(Object.entries(SIDES).map(async ([name, sideOptions]) => ({ name, master: await masterWithBlocks(sideOptions), keysPerS: [] as number[] })));
  for (let r = 0; r <= options.rounds; r++) {
    // The sides take turns every CHUNK gets, the order rotating, so a swing in the machine's load lands on all of them alike.
    const seconds = new Map(sides.map((side) => [side, 0]));
    const gets = rounds[r]!;
    for (let from = 0, turn = 0; from < gets.length; from += CHUNK, turn++) {
      const chunk = gets.slice(from, from + CHUNK);
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(i + turn) % sides.length]!;
        const started = nowMs();
        let found = 0;
        for (const prompt of chunk) found += (await side.master.get(Array.from({ length: BLOCKS_PER_PROMPT }, (_, b) => keyOf(prompt, b)))).filter((a) => a.ok).length;
        seconds.set(side, seconds.get(side)! + (nowMs() - started) / 1000);
        if (found !== chunk.length * BLOCKS_PER_PROMPT) throw new Error(`${side.name}: ${found} of ${chunk.length * BLOCKS_PER_PROMPT} keys found`);
      }
    }
    if (r === 0) continue;
    for (const side of sides) side.keysPerS.push((gets.length * BLOCKS_PER_PROMPT) / seconds.get(side)!);
    progress(`round ${r}/${options.rounds}: ${sides.map((s) => `${s.name} ${Math.round(s.keysPerS.at(-1)!)} keys/s`).join(', ')}`);
  }
  const report = Object.fromEntries(sides.map((s) => [`${s.name}_keys_per_s`, Math.round(median(s.keysPerS))]));
  const sampled = sides[1]!.master.readReport([]).reuseDistances;
  process.stdout.write(
    `${JSON.stringify({
      rounds: options.rounds,
      gets_per_round: options.gets,
      keys_per_get: BLOCKS_PER_PROMPT,
      ...report,
      get_throughput_ratio_default_over_off: round(roundRatio(sides[1]!.keysPerS, sides[0]!.keysPerS), 3),
      get_throughput_ratio_all_over_off: round(roundRatio(sides[2]!.keysPerS, sides[0]!.keysPerS), 3),
      default_sampled_reads: sampled.coldReads + sampled.counts.reduce((a, b) => a + b, 0),
    })}\n`,
  );
}

runBench(readStatsArgs, main);
