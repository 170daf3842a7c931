import * as fs from 'node:fs';
import { describeTraceLineError, readTrace, replayCacheOnly, type ReplayProgress } from '@tsukimi/simulator';
import { type CliCommand, UsageError } from '../cli-command';
import { parseReplayArgs, type ReplayArgs } from './replay.options';
import { replayJson, replaySummary } from './replay.output';
import { runTimed } from './replay-timed.run';

/** A progress line on stderr at most this often, so a long replay shows it is moving. */
const PROGRESS_INTERVAL_MS = 2_000;

/** Streams the trace through one cache; the report goes to stdout, progress to stderr. */
async function replay(args: Extract<ReplayArgs, { kind: 'run' }>): Promise<number> {
  const file = await fs.promises.open(args.tracePath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read trace ${args.tracePath}: ${error.code ?? error.message}`);
  });
  let lastProgressMs = Date.now();
  const progress = ({ linesRead }: ReplayProgress) => {
    if (Date.now() - lastProgressMs < PROGRESS_INTERVAL_MS) return;
    lastProgressMs = Date.now();
    process.stderr.write(`replay: ${linesRead} lines read\n`);
  };
  try {
    const outcome = await replayCacheOnly(readTrace(file.createReadStream()), [args.options], progress);
    if (!outcome.ok) {
      process.stderr.write(`tsukimi: ${args.tracePath}: ${describeTraceLineError(outcome.error)}\n`);
      return 1;
    }
    const report = outcome.value[0]!;
    process.stdout.write(args.json ? `${replayJson(report)}\n` : replaySummary(args.tracePath, report));
    return 0;
  } finally {
    await file.close();
  }
}

/** `tsukimi replay TRACE [--cache-only] …`: a timed simulation of a cluster, or the cache alone through the kvpool's eviction policies. */
export const replayCommand: CliCommand = {
  path: ['replay'],
  summary: 'Replay a Mooncake-format trace on a simulated cluster (TTFT, TBT, goodput, --capacity), or through a KV cache alone (--cache-only)',
  run(argv) {
    const args = parseReplayArgs(argv, process.env);
    if (args.kind === 'run') return replay(args);
    if (args.kind === 'timed') return runTimed(args);
    process.stdout.write(args.text);
    return Promise.resolve(0);
  },
};
