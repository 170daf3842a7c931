import { keyOf } from '../testing/block.fixture';
import { masterFixture } from '../testing/master.fixture';

describe('protection census', () => {
  it('counts leased, soft-pinned and hard-pinned blocks now, and forgets leases and soft pins once they expire', async () => {
    const { master, clock, join, putComplete } = masterFixture({ leaseTtlMs: 1_000, nodeTimeoutMs: 3_600_000 });
    await join({ a: { dram: 1000 } });
    for (let n = 1; n <= 5; n += 1) await putComplete(keyOf(n), 10);
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });

    await master.get([keyOf(1), keyOf(2)]);
    await master.softPin(keyOf(2), 5_000);
    await master.hardPin(keyOf(3));
    expect(await master.protections()).toEqual({ leased: 2, softPinned: 1, hardPinned: 1 });

    clock.advanceMs(1_000);
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 1, hardPinned: 1 });
    clock.advanceMs(4_000);
    await master.unpin(keyOf(3), 'hard');
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
  });
});
