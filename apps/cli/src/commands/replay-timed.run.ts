import * as fs from 'node:fs';
import { type Result, ok } from '@tsukimi/result';
import {
  type CapacityResult,
  type CompiledTimedReplayOptions,
  describeTraceLineError,
  readTrace,
  replayReportHtml,
  replayTimed,
  type ReportRun,
  searchCapacity,
  type TimedReplayError,
  type TimedReplayProgress,
  type TimedReplayReport,
} from '@tsukimi/simulator';
import { UsageError } from '../cli-command';
import { ProgressBar } from './progress.bar';
import { capacityJson, capacitySummary, timedJson, timedSummary } from './replay-timed.output';
import { openTrace } from './trace.file';

export interface TimedRun {
  readonly tracePath: string;
  /** One replay (or capacity search) each, in order. */
  readonly runs: readonly CompiledTimedReplayOptions[];
  readonly json: boolean;
  readonly capacity: boolean;
  readonly reportPath: string | undefined;
}

function describe(error: TimedReplayError): string {
  return error.kind === 'invalid-trace-line' ? describeTraceLineError(error) : `scheduler: ${error.key}: ${error.message}`;
}

/** One replay of the whole file, streamed from disk. */
async function replayOnce(tracePath: string, options: CompiledTimedReplayOptions, label: string): Promise<Result<TimedReplayReport, TimedReplayError>> {
  const trace = await openTrace(tracePath);
  const bar = new ProgressBar(process.stderr, `replay ${label}`);
  const progress = ({ requests, simulatedMs }: TimedReplayProgress) => bar.update(trace.readFraction(), `${requests} requests, ${(simulatedMs / 1000).toFixed(0)} simulated s`);
  try {
    const report = await replayTimed(readTrace(trace.chunks), options, progress);
    bar.done();
    return report;
  } finally {
    await trace.close();
  }
}

/** Every replay a capacity search made, and the one at the capacity found (the slowest tried when none passed). */
async function capacityOf(tracePath: string, options: CompiledTimedReplayOptions): Promise<Result<{ found: CapacityResult; atCapacity: TimedReplayReport; traceRequestsPerS: number }, TimedReplayError>> {
  const reports = new Map<number, TimedReplayReport>();
  let traceRequestsPerS = 0;
  const found = await searchCapacity(async (speed) => {
    const report = await replayOnce(tracePath, { ...options, speed }, `${options.architecture} at ${speed.toFixed(3)}×`);
    if (!report.ok) return report;
    const { requests, withinSlo, arrivalSpanMs } = report.value;
    reports.set(speed, report.value);
    if (arrivalSpanMs > 0) traceRequestsPerS = requests / (arrivalSpanMs / 1000) / speed;
    process.stderr.write(`capacity: ${options.architecture}: speed ${speed.toFixed(3)}×: ${withinSlo} of ${requests} within SLO\n`);
    return ok(requests === 0 ? 0 : withinSlo / requests);
  });
  if (!found.ok) return found;
  const atCapacity = reports.get(found.value.speed) ?? reports.get(Math.min(...reports.keys()))!;
  return ok({ found: found.value, atCapacity, traceRequestsPerS });
}

/** One architecture's replay or capacity search: what it prints, and what it adds to the report. */
async function runOne(run: TimedRun, options: CompiledTimedReplayOptions): Promise<Result<{ text: string; chart: ReportRun }, TimedReplayError>> {
  const startedMs = Date.now();
  const label = options.architecture;
  if (!run.capacity) {
    const report = await replayOnce(run.tracePath, options, label);
    if (!report.ok) return report;
    const wall = { wallMs: Date.now() - startedMs };
    const json = timedJson(options, report.value, wall);
    return ok({ text: run.json ? `${JSON.stringify(json)}\n` : timedSummary(run.tracePath, options, report.value, wall), chart: { label, report: report.value, json } });
  }
  const searched = await capacityOf(run.tracePath, options);
  if (!searched.ok) return searched;
  const { found, atCapacity, traceRequestsPerS } = searched.value;
  const wall = { wallMs: Date.now() - startedMs };
  const json = capacityJson(options, found, traceRequestsPerS, wall);
  const text = run.json ? `${JSON.stringify(json)}\n` : capacitySummary(options, found, traceRequestsPerS, wall);
  return ok({ text, chart: { label, report: atCapacity, json, probes: found.probes } });
}

/**
 * `tsukimi replay TRACE` without `--cache-only`: a timed replay, or a capacity search, of each
 * architecture named: with `--json`, one object a line, in the order named. With `--report`,
 * one HTML page charting them all.
 */
export async function runTimed(run: TimedRun): Promise<number> {
  const charts: ReportRun[] = [];
  for (const options of run.runs) {
    const outcome = await runOne(run, options);
    if (!outcome.ok) {
      process.stderr.write(`tsukimi: ${run.tracePath}: ${describe(outcome.error)}\n`);
      return 1;
    }
    process.stdout.write(outcome.value.text);
    charts.push(outcome.value.chart);
  }
  if (run.reportPath !== undefined) {
    const title = `${run.capacity ? 'Capacity search' : 'Timed replay'} of ${run.tracePath}`;
    await fs.promises.writeFile(run.reportPath, replayReportHtml(title, charts)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write report ${run.reportPath}: ${error.code ?? error.message}`);
    });
  }
  return 0;
}
