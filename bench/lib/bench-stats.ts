import { nearestRank } from '@tsukimi/scheduler';

/** Middle value of a sample (the upper middle for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The value at quantile q (0..1) by nearest rank; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  return nearestRank([...values].sort((a, b) => a - b), q) ?? NaN;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Writes a progress line to stderr, leaving stdout to the JSON result. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function nowMs(): number {
  return performance.now();
}
