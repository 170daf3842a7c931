import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('matches the reference xoshiro128** seeded by splitmix32', () => {
    const random = new SeededRandom(1);
    expect([random.nextU32(), random.nextU32(), random.nextU32(), random.nextU32()]).toEqual([2442144158, 3238099751, 3819917871, 2104621829]);
  });

  it('repeats a stream for a seed and changes it with either half of the seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 8 }, () => random.normal());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(1)).not.toEqual(draw(2 ** 32 + 1));
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const random = new SeededRandom(3);
    const uniforms = Array.from({ length: 10000 }, () => random.nextFloat());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const normals = random.normals(20000, 0, 1);
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('refuses seed %p', (seed) => {
    expect(() => new SeededRandom(seed)).toThrow(RangeError);
  });
});
