import { type FieldFor, type FieldOptions } from './field.model';
import { inRange, makeField, rangePhrase } from './field.factory';
import { wholeMultiple } from './exact-decimal';

const MS_PER_UNIT = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type DurationUnit = keyof typeof MS_PER_UNIT;
const LARGEST_FIRST: readonly DurationUnit[] = ['h', 'm', 's', 'ms'];
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Parses `250ms`, `10s`, `1.5s`, `2m`, `1h`, or a bare integer meaning milliseconds, to whole
 * milliseconds. One unit per value (no `1m30s`); a value that is not whole milliseconds is
 * refused rather than rounded.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return wholeMultiple(trimmed, 1);
  const match = DURATION.exec(trimmed);
  return match ? wholeMultiple(match[1] ?? '', MS_PER_UNIT[match[2] as DurationUnit]) : undefined;
}

/** The shortest exact rendering in the largest unit that divides the value: `90000` → `90s`. */
export function formatDurationMs(ms: number): string {
  const unit = LARGEST_FIRST.find((u) => ms !== 0 && ms % MS_PER_UNIT[u] === 0) ?? 'ms';
  return `${ms / MS_PER_UNIT[unit]}${unit}`;
}

export interface DurationOptions extends FieldOptions<number> {
  /** In milliseconds. */
  readonly min?: number;
  /** In milliseconds. */
  readonly max?: number;
}

/** A duration held as whole milliseconds; name the key with its unit (`requestTimeoutMs`). */
export function durationField<const O extends DurationOptions>(options: O): FieldFor<number, O> {
  const { min, max } = options;
  return makeField<number, O>(
    {
      kind: 'duration',
      placeholder: 'duration',
      expected: `a duration${rangePhrase(min, max, formatDurationMs)} (250ms, 10s, 2m, 1h, or whole ms)`,
      decodeText: parseDurationMs,
      decodeJson: (value) => (typeof value === 'number' ? value : undefined),
      accepts: (value) => Number.isSafeInteger(value) && value >= 0 && inRange(value, min, max),
      format: formatDurationMs,
    },
    options,
  );
}
