import { PrefillChunkBound } from './prefill-chunk.bound';

describe('PrefillChunkBound', () => {
  it.each([
    ['nothing measured beside an idle batch', undefined, 40, undefined, 512],
    ['nothing measured beside a running batch', undefined, 40, 10, 16],
    ['no SLO', [100, 50], undefined, 10, 512],
    ['an idle batch', [100, 50], 40, undefined, 512],
    ['the SLO less the step, at the measured time per token', [100, 50], 40, 10, 60],
    ['never past the largest chunk', [100, 1], 40, 10, 512],
    ['at least the smallest chunk when the step fills the SLO', [100, 50], 40, 45, 16],
  ] as const)('%s', (_name, measured, tbtSloMs, stepMs, expected) => {
    const bound = new PrefillChunkBound(512, 16);
    if (measured) bound.record(measured[0], measured[1]);
    expect(bound.tokens(tbtSloMs, stepMs)).toBe(expected);
  });

  it('follows the last chunk measured', () => {
    const bound = new PrefillChunkBound(512, 16);
    bound.record(100, 10);
    bound.record(100, 50);
    expect(bound.tokens(40, 10)).toBe(60);
  });

  it('refuses bounds that cannot hold', () => {
    expect(() => new PrefillChunkBound(8, 16)).toThrow(RangeError);
  });
});
