import { TurnBatcher } from './turn.batcher';

const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('hands on what one turn added as one batch, in order, and the next turn as the next', async () => {
    const batches: number[][] = [];
    const batcher = new TurnBatcher<number>((items) => batches.push(items), 100);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    expect(batches).toEqual([]);
    await turnEnd();
    batcher.add(4);
    await turnEnd();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('hands on a full batch at once, the rest at the turn end', async () => {
    const batches: number[][] = [];
    const batcher = new TurnBatcher<number>((items) => batches.push(items), 2);
    for (const n of [1, 2, 3, 4, 5]) batcher.add(n);
    expect(batches).toEqual([[1, 2], [3, 4]]);
    await turnEnd();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('flush hands on what is gathered before the turn ends, and nothing twice', async () => {
    const batches: number[][] = [];
    const batcher = new TurnBatcher<number>((items) => batches.push(items), 100);
    batcher.add(1);
    batcher.flush();
    batcher.flush();
    await turnEnd();
    expect(batches).toEqual([[1]]);
  });
});
