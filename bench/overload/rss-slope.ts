/** One RSS reading of a process, at seconds from the soak's start. */
export interface RssSample {
  readonly atS: number;
  readonly rssBytes: number;
}

/** Least-squares slope of RSS over time in MiB per minute; NaN with fewer than two distinct times. */
export function rssSlopeMibPerMin(samples: readonly RssSample[]): number {
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.atS, 0) / n;
  const meanR = samples.reduce((sum, s) => sum + s.rssBytes, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.atS - meanT) * (s.rssBytes - meanR);
    variance += (s.atS - meanT) ** 2;
  }
  if (n < 2 || variance === 0) return NaN;
  return ((covariance / variance) * 60) / 1024 ** 2;
}

/** The samples of the second half of the soak: the first half is warm-up (JIT, arenas, pools growing to their working size). */
export const secondHalf = (samples: readonly RssSample[], durationS: number): readonly RssSample[] => samples.filter((s) => s.atS >= durationS / 2);
