import { keyOf } from '../testing/block.fixture';
import { ReadDemandMeter } from './read-demand.meter';

const meter = (maxTracked = 8) => new ReadDemandMeter({ windowMs: 1000, slices: 4, sketchWidth: 512, hotReads: 5, maxTracked });
const reads = (n: number, key: number) => Array.from({ length: n }, () => keyOf(key));

describe('ReadDemandMeter', () => {
  it('lists blocks read at least hotReads times in the window, hottest first', () => {
    const demand = meter();
    demand.record([...reads(4, 1), ...reads(9, 2), ...reads(6, 3)], 0);
    expect(demand.hot(10)).toEqual([
      { key: keyOf(2), readsInWindow: 9 },
      { key: keyOf(3), readsInWindow: 6 },
    ]);
  });

  it('drops a block once its reads slide out of the window', () => {
    const demand = meter();
    demand.record(reads(6, 1), 0);
    demand.record(reads(5, 2), 600);
    expect(demand.hot(1100).map((hot) => hot.key)).toEqual([keyOf(2)]);
    expect(demand.hot(1700)).toEqual([]);
  });

  it('remembers at most maxTracked blocks; a hotter newcomer displaces the coolest', () => {
    const demand = meter(2);
    demand.record([...reads(5, 1), ...reads(7, 2)], 0);
    demand.record(reads(5, 3), 0);
    expect(demand.hot(0).map((hot) => hot.key)).toEqual([keyOf(2), keyOf(1)]);
    demand.record(reads(6, 3), 0);
    expect(demand.hot(0)).toEqual([
      { key: keyOf(3), readsInWindow: 11 },
      { key: keyOf(2), readsInWindow: 7 },
    ]);
  });
});
