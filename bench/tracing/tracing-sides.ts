/** One way the conductor runs in the tracing measure: tracing off, or exporting at a sample ratio. */
export interface TracingSide {
  readonly name: 'off' | 'ratio_1' | 'ratio_0.01';
  /** Share of traces kept; absent: no OTLP endpoint, tracing off. */
  readonly sampleRatio?: number;
}

export const TRACING_SIDES: readonly TracingSide[] = [{ name: 'off' }, { name: 'ratio_1', sampleRatio: 1 }, { name: 'ratio_0.01', sampleRatio: 0.01 }];

const TRACING_FLAGS = ['--otlp-endpoint', '--trace-sample-ratio'];

/**
 * A side's conductor flags: the same base flags for every side, plus the tracing flags alone. The
 * base must not set tracing itself, or the off side would not be off.
 */
export function sideArgs(base: readonly string[], side: TracingSide, otlpEndpoint: string): readonly string[] {
  const set = base.filter((arg) => TRACING_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
  if (set.length > 0) throw new Error(`the base conductor flags already set tracing: ${set.join(' ')}`);
  if (side.sampleRatio === undefined) return [...base];
  return [...base, `--otlp-endpoint=${otlpEndpoint}`, `--trace-sample-ratio=${side.sampleRatio}`];
}

/** Round `r`'s order of the sides: rotated each round and reversed every other, so each side runs first, middle and last alike. */
export function roundOrder<T>(round: number, sides: readonly T[]): T[] {
  const rotated = sides.map((_, i) => sides[(i + round) % sides.length]!);
  return Math.floor(round / sides.length) % 2 === 0 ? rotated : rotated.reverse();
}
