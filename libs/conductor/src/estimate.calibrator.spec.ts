import { EstimateCalibrator } from './estimate.calibrator';

describe('EstimateCalibrator', () => {
  it('leaves estimates alone while they are about right', () => {
    const calibrator = new EstimateCalibrator();
    for (let i = 0; i < 50; i++) expect(calibrator.observe(100, 100 * (i % 2 === 0 ? 1.1 : 0.92))).toBeUndefined();
    expect(calibrator.scale).toBe(1);
  });

  it('scales by the ratio once it has drifted, then judges the scaled estimates afresh', () => {
    const calibrator = new EstimateCalibrator();
    const changes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const change = calibrator.observe(100 * calibrator.scale, 300);
      if (change !== undefined) changes.push(change);
    }
    expect(changes).toEqual([expect.closeTo(3, 6)]);
  });

  it('follows an upper quantile of the ratios, so most outcomes fall within the scaled estimate', () => {
    const calibrator = new EstimateCalibrator(0.75, 8, 32);
    const ratios = [1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1];
    let change: number | undefined;
    for (const ratio of ratios) change = calibrator.observe(100, 100 * ratio) ?? change;
    expect(change).toBeCloseTo(2.0, 6);
  });

  it('ignores samples without an estimate and keeps the scale within bounds', () => {
    const calibrator = new EstimateCalibrator(0.5, 1, 1, [0.5, 2]);
    expect(calibrator.observe(0, 10)).toBeUndefined();
    expect(calibrator.observe(10, 1000)).toBe(2);
    expect(calibrator.observe(20, 2000)).toBeUndefined();
    expect(calibrator.scale).toBe(2);
  });
});
