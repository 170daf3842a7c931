/**
 * Cache-only replay of a Mooncake-format trace: block hit ratio with an unbounded cache and
 * with LRU caches of 1,000 / 10,000 / 50,000 blocks (512-token blocks, every block of a request
 * looked up before any is inserted), all from one streaming read of the file. Prints JSON.
 * Run: npx tsukimi bench cache-replay TRACE
 */
import * as fs from 'node:fs';
import { compileCacheReplayOptions, describeTraceLineError, readTrace, replayCacheOnly } from '@tsukimi/simulator';
import { expectOk } from '@tsukimi/result';
import { nowMs, progress, round } from '../lib/bench-stats';
import { runBench } from '../lib/bench-main';
import { cacheReplayArgs } from './cache-replay.args';

const LRU_CAPACITIES_BLOCKS = [1_000, 10_000, 50_000];

async function main(tracePath: string): Promise<number> {
  const optionSets = [
    expectOk(compileCacheReplayOptions({ policy: 'lru', capacityBlocks: 'inf' }), 'unbounded'),
    ...LRU_CAPACITIES_BLOCKS.map((capacityBlocks) => expectOk(compileCacheReplayOptions({ policy: 'lru', capacityBlocks }), `lru ${capacityBlocks}`)),
  ];
  const startedMs = nowMs();
  const outcome = await replayCacheOnly(readTrace(fs.createReadStream(tracePath)), optionSets, ({ linesRead }) => progress(`${linesRead} lines read`));
  const wallS = (nowMs() - startedMs) / 1000;
  if (!outcome.ok) {
    process.stderr.write(`${tracePath}: ${describeTraceLineError(outcome.error)}\n`);
    return 1;
  }
  const [unbounded, ...lru] = outcome.value;
  const result = {
    trace: tracePath,
    requests: unbounded!.requests,
    blocks_looked_up: unbounded!.blocksLookedUp,
    hit_ratio_unbounded: round(unbounded!.hitRatio, 4),
    ...Object.fromEntries(lru.map((report) => [`hit_ratio_lru_${report.options.capacityBlocks}`, round(report.hitRatio, 4)])),
    wall_s: round(wallS, 3),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

// The declaration requires the trace, so it is always there.
runBench(cacheReplayArgs, (_, tracePath) => main(tracePath!));
