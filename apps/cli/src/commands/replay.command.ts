import { describeTraceLineError, readTrace, replayCacheOnly, type ReplayProgress } from '@tsukimi/simulator';
import { type CliCommand } from '../cli-command';
import { ProgressBar } from './progress.bar';
import { parseReplayArgs, type ReplayArgs } from './replay.options';
import { replayJson, replaySummary } from './replay.output';
import { runTimed } from './replay-timed.run';
import { openTrace } from './trace.file';

/** Streams the trace through one cache; the report goes to stdout, progress to stderr. */
async function replay(args: Extract<ReplayArgs, { kind: 'run' }>): Promise<number> {
  const trace = await openTrace(args.tracePath);
  const bar = new ProgressBar(process.stderr, 'replay');
  const progress = ({ linesRead }: ReplayProgress) => bar.update(trace.readFraction(), `${linesRead} lines read`);
  try {
    const outcome = await replayCacheOnly(readTrace(trace.chunks), [args.options], progress);
    bar.done();
    if (!outcome.ok) {
      process.stderr.write(`tsukimi: ${args.tracePath}: ${describeTraceLineError(outcome.error)}\n`);
      return 1;
    }
    const report = outcome.value[0]!;
    process.stdout.write(args.json ? `${replayJson(report)}\n` : replaySummary(args.tracePath, report));
    return 0;
  } finally {
    await trace.close();
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
