import { rssSlopeMibPerMin, secondHalf } from './rss-slope';

const MIB = 1024 ** 2;

describe('RSS slope', () => {
  it.each([
    ['flat', [0, 0, 0, 0], 0],
    ['one MiB a minute', [0, 1, 2, 3], 1],
    ['falling half a MiB a minute', [3, 2.5, 2, 1.5], -0.5],
  ])('is least squares over the samples: %s', (_name, mib, slope) => {
    const samples = mib.map((m, i) => ({ atS: i * 60, rssBytes: 100 * MIB + m * MIB }));
    expect(rssSlopeMibPerMin(samples)).toBeCloseTo(slope, 9);
  });

  it('fits a line through noise rather than the endpoints', () => {
    const samples = [0, 2, 0, 2].map((m, i) => ({ atS: i * 60, rssBytes: m * MIB }));
    expect(rssSlopeMibPerMin(samples)).toBeCloseTo(0.4, 9);
  });

  it('is NaN from a single time', () => {
    expect(rssSlopeMibPerMin([{ atS: 5, rssBytes: MIB }])).toBeNaN();
  });

  it('keeps the second half of the soak', () => {
    const samples = [0, 100, 299, 300, 600].map((atS) => ({ atS, rssBytes: 0 }));
    expect(secondHalf(samples, 600).map((s) => s.atS)).toEqual([300, 600]);
  });
});
