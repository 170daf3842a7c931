import * as fs from 'node:fs';
import { type Result, ok } from '@tsukimi/result';
import { type CompiledTimedReplayOptions, describeTraceLineError, readTrace, replayTimed, searchCapacity, type TimedReplayError, type TimedReplayProgress, type TimedReplayReport } from '@tsukimi/simulator';
import { UsageError } from '../cli-command';
import { capacityJson, capacitySummary, timedJson, timedSummary } from './replay-timed.output';

/** A progress line on stderr at most this often, so a long replay shows it is moving. */
const PROGRESS_INTERVAL_MS = 2_000;

export interface TimedRun {
  readonly tracePath: string;
  readonly options: CompiledTimedReplayOptions;
  readonly json: boolean;
  readonly capacity: boolean;
}

function describe(error: TimedReplayError): string {
  return error.kind === 'invalid-trace-line' ? describeTraceLineError(error) : `scheduler: ${error.key}: ${error.message}`;
}

/** One replay of the whole file, streamed from disk. */
async function replayOnce(tracePath: string, options: CompiledTimedReplayOptions, label: string): Promise<Result<TimedReplayReport, TimedReplayError>> {
  const file = await fs.promises.open(tracePath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read trace ${tracePath}: ${error.code ?? error.message}`);
  });
  let lastProgressMs = Date.now();
  const progress = ({ requests, simulatedMs }: TimedReplayProgress) => {
    if (Date.now() - lastProgressMs < PROGRESS_INTERVAL_MS) return;
    lastProgressMs = Date.now();
    process.stderr.write(`replay${label}: ${requests} requests, ${(simulatedMs / 1000).toFixed(0)} simulated s\n`);
  };
  try {
    return await replayTimed(readTrace(file.createReadStream()), options, progress);
  } finally {
    await file.close();
  }
}

/** `tsukimi replay TRACE` without `--cache-only`: one timed replay, or a capacity search of many. */
export async function runTimed(run: TimedRun): Promise<number> {
  const startedMs = Date.now();
  const fail = (error: TimedReplayError) => {
    process.stderr.write(`tsukimi: ${run.tracePath}: ${describe(error)}\n`);
    return 1;
  };
  if (!run.capacity) {
    const report = await replayOnce(run.tracePath, run.options, '');
    if (!report.ok) return fail(report.error);
    const wall = { wallMs: Date.now() - startedMs };
    process.stdout.write(run.json ? `${timedJson(run.options, report.value, wall)}\n` : timedSummary(run.tracePath, run.options, report.value, wall));
    return 0;
  }
  let traceRequestsPerS = 0;
  const found = await searchCapacity(async (speed) => {
    const report = await replayOnce(run.tracePath, { ...run.options, speed }, ` at ${speed.toFixed(3)}×`);
    if (!report.ok) return report;
    const { requests, withinSlo, arrivalSpanMs } = report.value;
    if (arrivalSpanMs > 0) traceRequestsPerS = requests / (arrivalSpanMs / 1000) / speed;
    process.stderr.write(`capacity: speed ${speed.toFixed(3)}×: ${withinSlo} of ${requests} within SLO\n`);
    return ok(requests === 0 ? 0 : withinSlo / requests);
  });
  if (!found.ok) return fail(found.error);
  const wall = { wallMs: Date.now() - startedMs };
  process.stdout.write(run.json ? `${capacityJson(run.options, found.value, traceRequestsPerS, wall)}\n` : capacitySummary(run.options, found.value, traceRequestsPerS, wall));
  return 0;
}
