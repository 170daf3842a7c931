import { ManualTimers } from '../lease/manual.timers';
import { keyOf } from '../testing/block.fixture';
import { masterFixture } from '../testing/master.fixture';
import { BlockArrivals } from './block.arrivals';

async function arrivalsFixture() {
  const fixture = masterFixture();
  await fixture.join({ a: { dram: 10_000 } });
  const timers = new ManualTimers(fixture.clock);
  return { ...fixture, timers, arrivals: new BlockArrivals(fixture.master, timers) };
}

describe('BlockArrivals', () => {
  it('answers at once for a block already complete', async () => {
    const { arrivals, putComplete } = await arrivalsFixture();
    await putComplete(keyOf(1), 100);
    await expect(arrivals.waitFor(keyOf(1), 60_000)).resolves.toBe(true);
    expect(arrivals.pending).toBe(0);
  });

  it('wakes the waiter when the put of its block ends, not before, and stops listening after', async () => {
    const { arrivals, master, events } = await arrivalsFixture();
    let answer: boolean | undefined;
    const waited = arrivals.waitFor(keyOf(2), 60_000).then((arrived) => (answer = arrived));
    expect((await master.putStart(keyOf(2), 100)).ok).toBe(true);
    await master.putStart(keyOf(3), 100);
    await master.putEnd(keyOf(3));
    expect(answer).toBeUndefined();
    expect(arrivals.pending).toBe(1);
    await master.putEnd(keyOf(2));
    await waited;
    expect(answer).toBe(true);
    expect(arrivals.pending).toBe(0);
    expect(events.map((e) => e.key)).toEqual([keyOf(3), keyOf(2)]);
  });

  it('gives up after the timeout when the block never comes', async () => {
    const { arrivals, timers } = await arrivalsFixture();
    let answer: boolean | undefined;
    const waited = arrivals.waitFor(keyOf(4), 500).then((arrived) => (answer = arrived));
    await timers.advanceMs(499);
    expect(answer).toBeUndefined();
    await timers.advanceMs(1);
    await waited;
    expect(answer).toBe(false);
    expect(arrivals.pending).toBe(0);
  });

  it('wakes every waiter of one block', async () => {
    const { arrivals, putComplete } = await arrivalsFixture();
    const both = Promise.all([arrivals.waitFor(keyOf(5), 60_000), arrivals.waitFor(keyOf(5), 60_000)]);
    await putComplete(keyOf(5), 100);
    await expect(both).resolves.toEqual([true, true]);
  });
});
