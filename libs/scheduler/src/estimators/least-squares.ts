import { err, ok, type Result } from '@tsukimi/result';

export type LeastSquaresError =
  | { readonly kind: 'too-few-samples'; readonly samples: number; readonly parameters: number }
  /** The samples cannot tell the parameters apart (e.g. every prompt the same length): vary them. */
  | { readonly kind: 'rank-deficient'; readonly parameter: number };

/** Below this share of its own size a column is taken to be a combination of the others. */
const RANK_TOLERANCE = 1e-9;

/**
 * The `x` minimising |A·x − y|², by Householder QR rather than normal equations: profile
 * features span many orders of magnitude (1, tokens, tokens²), and squaring them in AᵀA would
 * lose the small coefficients. Columns are scaled to unit size first for the same reason.
 */
export function leastSquares(rows: readonly (readonly number[])[], targets: readonly number[]): Result<number[], LeastSquaresError> {
  const m = rows.length;
  const n = rows[0]?.length ?? 0;
  if (m < n || n === 0 || targets.length !== m) return err({ kind: 'too-few-samples', samples: Math.min(m, targets.length), parameters: n });
  const a = rows.map((row) => Float64Array.from(row));
  const b = Float64Array.from(targets);
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) scale[j] = Math.max(scale[j]!, Math.abs(a[i]![j]!));
    if (scale[j] === 0) return err({ kind: 'rank-deficient', parameter: j });
    for (let i = 0; i < m; i++) a[i]![j]! /= scale[j]!;
  }
  for (let k = 0; k < n; k++) {
    // Reflections keep a column's length, so the whole column still measures what it started as.
    let below = 0;
    let whole = 0;
    for (let i = 0; i < m; i++) {
      const square = a[i]![k]! ** 2;
      whole += square;
      if (i >= k) below += square;
    }
    const columnNorm = Math.sqrt(below);
    if (columnNorm <= RANK_TOLERANCE * Math.sqrt(whole)) return err({ kind: 'rank-deficient', parameter: k });
    const alpha = a[k]![k]! > 0 ? -columnNorm : columnNorm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = a[i]![k]!;
    v[0]! -= alpha;
    let vNorm2 = 0;
    for (const value of v) vNorm2 += value * value;
    for (let j = k; j < n; j++) reflect(v, vNorm2, k, (i) => a[i]![j]!, (i, value) => (a[i]![j] = value));
    reflect(v, vNorm2, k, (i) => b[i]!, (i, value) => (b[i] = value));
  }
  const x = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    let sum = b[k]!;
    for (let j = k + 1; j < n; j++) sum -= a[k]![j]! * x[j]!;
    x[k] = sum / a[k]![k]!;
  }
  return ok(x.map((value, j) => value / scale[j]!));
}

/** Applies the reflection I − 2vvᵀ/|v|² to rows k… of one column. */
function reflect(v: Float64Array, vNorm2: number, k: number, get: (i: number) => number, set: (i: number, value: number) => void): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i]! * get(i + k);
  const factor = (2 * dot) / vNorm2;
  for (let i = 0; i < v.length; i++) set(i + k, get(i + k) - factor * v[i]!);
}
