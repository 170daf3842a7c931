import { TransferLearner } from './transfer.learner';

describe('TransferLearner', () => {
  it('recovers setup and per-block cost from fetch timings', () => {
    const learner = new TransferLearner();
    for (const blocks of [2, 4, 8, 16, 32, 8]) learner.record('dram', { blocks, ms: 1.5 + 0.25 * blocks });
    const fit = learner.fit('dram')!;
    expect(fit.setupMs).toBeCloseTo(1.5, 6);
    expect(fit.msPerBlock).toBeCloseTo(0.25, 6);
    expect(learner.fit('ssd')).toBeUndefined();
  });

  it('needs several samples of different sizes, and keeps only the latest', () => {
    const learner = new TransferLearner(4);
    for (let i = 0; i < 4; i++) learner.record('dram', { blocks: 8, ms: 3 });
    expect(learner.fit('dram')).toBeUndefined();
    for (const blocks of [1, 2, 3, 4]) learner.record('dram', { blocks, ms: blocks });
    expect(learner.fit('dram')).toEqual({ setupMs: 0, msPerBlock: 1 });
  });
});
