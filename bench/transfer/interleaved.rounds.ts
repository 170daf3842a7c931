import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { median, round as roundTo } from '../lib/bench-stats';
import { ownCpuSeconds, processCpuSeconds } from '../lib/process-cpu';

/** One way of moving the same bytes; `run` resolves to the bytes it moved. */
export interface Contender {
  readonly name: string;
  /** Other processes doing this contender's work (its server), whose CPU time counts too. */
  readonly pids: readonly number[];
  run(): Promise<number>;
  /** Runs before each timed run, outside the timing (e.g. dropping the files it reads from the page cache). */
  prepare?(): void;
}

export interface RoundsOptions {
  readonly warmup: number;
  readonly rounds: number;
  /** Every run must move exactly this many bytes, or the benchmark fails. */
  readonly expectedBytes: number;
  /** Called after each round with its GB/s by contender, for progress lines. */
  readonly onRound?: (round: number, total: number, warmup: boolean, gbps: ReadonlyMap<string, number>) => void;
}

export interface ContenderMeasure {
  /** Wall seconds of each measured round. */
  readonly seconds: readonly number[];
  /** CPU seconds over all measured rounds, this process and the contender's others together. */
  readonly cpuSeconds: number | null;
  /** Seconds this (the receiving) process spent paused in garbage collection during the measured rounds. */
  readonly gcPauseSeconds: number;
}

export type RoundsResult = ReadonlyMap<string, ContenderMeasure>;

// A full collection before each timed run, so that one contender's garbage is not charged to the next.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function cpuNow(pids: readonly number[]): number | null {
  let total = ownCpuSeconds();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds === null) return null;
    total += seconds;
  }
  return total;
}

/** Milliseconds this process has spent paused in garbage collection so far. */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** GC entries reach observers a turn or two of the event loop after the pause; wait for them. */
async function gcReportsDelivered(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs every contender once per round, rounds one after another, so drift and noise from other
 * work on the machine hit all of them alike. The order rotates each round, so none always runs
 * right after the same neighbour.
 */
export async function runInterleaved(contenders: readonly Contender[], options: RoundsOptions): Promise<RoundsResult> {
  const seconds = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  const cpu = new Map<string, number | null>(contenders.map((contender) => [contender.name, 0]));
  const gc = new Map<string, number>(contenders.map((contender) => [contender.name, 0]));
  const total = options.warmup + options.rounds;
  for (let round = 0; round < total; round++) {
    const gbps = new Map<string, number>();
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(round + turn) % contenders.length] as Contender;
      contender.prepare?.();
      collectGarbage();
      await gcReportsDelivered();
      const cpuBefore = cpuNow(contender.pids);
      const gcBefore = gcPauseMs;
      const started = process.hrtime.bigint();
      const bytes = await contender.run();
      const took = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = cpuNow(contender.pids);
      await gcReportsDelivered();
      const gcDuring = gcPauseMs - gcBefore;
      if (bytes !== options.expectedBytes) throw new Error(`${contender.name} moved ${bytes} bytes, expected ${options.expectedBytes}`);
      gbps.set(contender.name, bytes / took / 1e9);
      if (round < options.warmup) continue;
      seconds.get(contender.name)?.push(took);
      gc.set(contender.name, (gc.get(contender.name) ?? 0) + gcDuring / 1000);
      const spent = cpu.get(contender.name);
      cpu.set(contender.name, spent === null || spent === undefined || cpuBefore === null || cpuAfter === null ? null : spent + cpuAfter - cpuBefore);
    }
    options.onRound?.(round + 1, total, round < options.warmup, gbps);
  }
  return new Map(contenders.map(({ name }) => [name, { seconds: seconds.get(name) ?? [], cpuSeconds: cpu.get(name) ?? null, gcPauseSeconds: gc.get(name) ?? 0 }]));
}

/** GB/s (10^9 bytes) at the median round, or null for a contender that did not run. */
export function medianGbps(result: RoundsResult, name: string, bytes: number): number | null {
  const taken = result.get(name)?.seconds ?? [];
  return taken.length === 0 ? null : bytes / median(taken) / 1e9;
}

/** CPU seconds spent per GB moved, client and server together: what a contender costs, whatever else runs on the machine. */
export function cpuSecondsPerGb(result: RoundsResult, name: string, bytes: number): number | null {
  const measure = result.get(name);
  if (measure === undefined || measure.cpuSeconds === null || measure.seconds.length === 0) return null;
  return measure.cpuSeconds / ((bytes * measure.seconds.length) / 1e9);
}

/**
 * How many times faster `name` is than `baseline`: the median of the per-round ratios. Each
 * ratio compares two runs made moments apart, so it stays steady while the machine's speed
 * drifts between rounds, which a ratio of the two medians does not.
 */
export function pairedRatio(result: RoundsResult, name: string, baseline: string): number | null {
  const ours = result.get(name)?.seconds ?? [];
  const theirs = result.get(baseline)?.seconds ?? [];
  if (ours.length === 0 || ours.length !== theirs.length) return null;
  return median(ours.map((took, round) => (theirs[round] as number) / took));
}

/** "ours 1.21, raw 1.5" for a progress line. */
export function describeRound(gbps: ReadonlyMap<string, number>): string {
  return [...gbps].map(([name, value]) => `${name} ${roundTo(value, 2)}`).join(', ');
}

/** The share of a contender's measured wall time this process spent paused in garbage collection. */
export function gcPauseShare(result: RoundsResult, name: string): number | null {
  const measure = result.get(name);
  const wallSeconds = measure?.seconds.reduce((sum, took) => sum + took, 0) ?? 0;
  return measure === undefined || wallSeconds === 0 ? null : measure.gcPauseSeconds / wallSeconds;
}
