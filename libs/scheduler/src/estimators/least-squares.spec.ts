import { leastSquares } from './least-squares';

describe('leastSquares', () => {
  it('solves a consistent overdetermined system exactly', () => {
    const truth = [3, -2, 0.5];
    const rows = [
      [1, 0, 0],
      [1, 1, 4],
      [1, 2, 1],
      [1, 5, 9],
      [1, -3, 2],
    ];
    const fit = leastSquares(
      rows,
      rows.map((r) => r.reduce((sum, x, j) => sum + x * truth[j]!, 0)),
    );
    expect(fit.ok).toBe(true);
    if (fit.ok) fit.value.forEach((x, j) => expect(x).toBeCloseTo(truth[j]!, 10));
  });

  it('gives the least-squares line through noisy points', () => {
    const fit = leastSquares([[1, 0], [1, 1], [1, 2]], [0, 2, 1]);
    expect(fit.ok && fit.value.map((x) => Number(x.toFixed(6)))).toEqual([0.5, 0.5]);
  });

  it.each([
    ['fewer samples than parameters', [[1, 2, 3], [1, 4, 5]], [1, 2], { kind: 'too-few-samples', samples: 2, parameters: 3 }],
    ['a column that is a multiple of another', [[1, 2], [1, 2], [1, 2]], [1, 2, 3], { kind: 'rank-deficient', parameter: 1 }],
    ['an all-zero column', [[1, 0], [2, 0], [3, 0]], [1, 2, 3], { kind: 'rank-deficient', parameter: 1 }],
  ])('refuses %s', (_name, rows, targets, error) => {
    expect(leastSquares(rows, targets)).toEqual({ ok: false, error });
  });
});
