import { type FieldFor, type FieldOptions } from './field.model';
import { inRange, makeField, rangePhrase } from './field.factory';
import { wholeMultiple } from './exact-decimal';

const KIB = 1024;
/** Binary (IEC, and Kubernetes' `Ki`) and decimal (SI) units, matched case-insensitively. */
const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  b: 1,
  kib: KIB, mib: KIB ** 2, gib: KIB ** 3, tib: KIB ** 4,
  ki: KIB, mi: KIB ** 2, gi: KIB ** 3, ti: KIB ** 4,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
};
const BINARY_LARGEST_FIRST = [['TiB', KIB ** 4], ['GiB', KIB ** 3], ['MiB', KIB ** 2], ['KiB', KIB]] as const;
const DECIMAL_LARGEST_FIRST = [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['KB', 1e3]] as const;
const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

/**
 * Parses a size to whole bytes: a bare integer (`1000000`), a binary unit (`64KiB`, `512MiB`,
 * `2GiB`, or Kubernetes' `2Gi`), or a decimal unit (`1.5GB` = 1 500 000 000). Units ignore
 * case. A bare `K`/`M`/`G` is refused: tools disagree on whether it means 1000 or 1024.
 */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE.exec(text.trim());
  if (!match) return undefined;
  const [, digits = '', unit] = match;
  if (unit === undefined) return digits.includes('.') ? undefined : wholeMultiple(digits, 1);
  const factor = BYTES_PER_UNIT[unit.toLowerCase()];
  return factor === undefined ? undefined : wholeMultiple(digits, factor);
}

/** The largest unit that renders the value exactly, binary first: 536870912 → `512MiB`. */
export function formatByteSize(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [unit, factor] of [...BINARY_LARGEST_FIRST, ...DECIMAL_LARGEST_FIRST]) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

export interface ByteSizeOptions extends FieldOptions<number> {
  /** In bytes. */
  readonly min?: number;
  /** In bytes. */
  readonly max?: number;
}

/** A size held as whole bytes; name the key with its unit (`dramCapacityBytes`). */
export function byteSizeField<const O extends ByteSizeOptions>(options: O): FieldFor<number, O> {
  const { min, max } = options;
  return makeField<number, O>(
    {
      kind: 'byteSize',
      placeholder: 'size',
      expected: `a byte size${rangePhrase(min, max, formatByteSize)} (1000000, 64KiB, 512MiB, 2Gi, 1.5GB)`,
      decodeText: parseByteSize,
      decodeJson: (value) => (typeof value === 'number' ? value : undefined),
      accepts: (value) => Number.isSafeInteger(value) && value >= 0 && inRange(value, min, max),
      format: formatByteSize,
    },
    options,
  );
}
