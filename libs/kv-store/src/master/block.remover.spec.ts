import { keyOf } from '../testing/block.fixture';
import { masterFixture } from '../testing/master.fixture';

describe('remove', () => {
  it.each([
    { name: 'leased', setup: 'lease', error: { kind: 'leased' } },
    { name: 'hard-pinned', setup: 'hard-pin', error: { kind: 'hard-pinned' } },
    { name: 'pending', setup: 'pending', error: { kind: 'in-progress' } },
    { name: 'unknown', setup: 'none', error: { kind: 'not-found' } },
  ])('refuses a block that is $name, as a result', async ({ setup, error }) => {
    const { master, join, putComplete, entry } = masterFixture();
    await join({ a: { dram: 1000 } });
    if (setup === 'pending') await master.putStart(keyOf(1), 100);
    if (setup === 'lease' || setup === 'hard-pin') await putComplete(keyOf(1), 100);
    if (setup === 'lease') await master.get([keyOf(1)]);
    if (setup === 'hard-pin') await master.hardPin(keyOf(1));
    const before = await entry(keyOf(1));
    expect(await master.remove(keyOf(1))).toMatchObject({ ok: false, error });
    expect(await entry(keyOf(1))).toEqual(before);
  });

  it('removes a block once its lease has expired, telling every holder to delete it', async () => {
    const { master, join, putComplete, clock, events } = masterFixture();
    await join({ a: { dram: 1000 }, b: { dram: 1000 } });
    await putComplete(keyOf(1), 100, { replicas: 2 });
    await master.get([keyOf(1)]);
    clock.advanceMs(9_999);
    expect(await master.remove(keyOf(1))).toMatchObject({ ok: false, error: { kind: 'leased', leaseExpiresAtMs: clock.nowMs() + 1 } });
    clock.advanceMs(1);
    const removed = await master.remove(keyOf(1));
    expect(removed.ok && removed.value.map((command) => command.nodeId).sort()).toEqual(['a', 'b']);
    expect(events.filter((event) => event.kind === 'removed').map((event) => event.nodeId).sort()).toEqual(['a', 'b']);
    expect(await master.exists([keyOf(1)])).toEqual([false]);
  });

  it('removes a soft-pinned block: soft pins guard against eviction only', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 1000 } });
    await putComplete(keyOf(1), 100);
    await master.softPin(keyOf(1), 60_000);
    expect((await master.remove(keyOf(1))).ok).toBe(true);
  });

  it('removes in batches, answering per key', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 1000 } });
    await putComplete(keyOf(1), 100);
    await putComplete(keyOf(2), 100);
    await master.hardPin(keyOf(2));
    const answers = await master.removeBatch([keyOf(1), keyOf(2), keyOf(3)]);
    expect(answers.map((answer) => answer.ok || answer.error.kind)).toEqual([true, 'hard-pinned', 'not-found']);
  });
});
