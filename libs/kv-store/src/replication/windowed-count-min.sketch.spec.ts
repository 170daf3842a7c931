import { WindowedCountMinSketch } from './windowed-count-min.sketch';

describe('WindowedCountMinSketch', () => {
  const sketch = () => new WindowedCountMinSketch({ windowMs: 1000, slices: 4, width: 256 });

  it('counts a key within the window and forgets it slice by slice after', () => {
    const counts = sketch();
    for (let i = 0; i < 10; i += 1) counts.record('a', 0);
    for (let i = 0; i < 5; i += 1) counts.record('a', 300);
    expect(counts.estimate('a', 300)).toBe(15);
    expect(counts.estimate('a', 999)).toBe(15);
    expect(counts.estimate('a', 1000)).toBe(5);
    expect(counts.estimate('a', 1249)).toBe(5);
    expect(counts.estimate('a', 1250)).toBe(0);
  });

  it('clears the whole window after a long silence', () => {
    const counts = sketch();
    counts.record('a', 0, 7);
    expect(counts.estimate('a', 60_000)).toBe(0);
    counts.record('a', 60_001);
    expect(counts.estimate('a', 60_001)).toBe(1);
  });

  it('never undercounts, and overcounts little, with far more keys than counters', () => {
    const counts = sketch();
    for (let key = 0; key < 2000; key += 1) counts.record(`k${key}`, 0, 1);
    counts.record('hot', 0, 100);
    const estimates = Array.from({ length: 2000 }, (_, key) => counts.estimate(`k${key}`, 0));
    expect(Math.min(...estimates)).toBeGreaterThanOrEqual(1);
    expect(counts.estimate('hot', 0)).toBeGreaterThanOrEqual(100);
    expect(counts.estimate('hot', 0)).toBeLessThan(130);
  });
});
