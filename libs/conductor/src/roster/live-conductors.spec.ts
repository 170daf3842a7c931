import { err } from '@tsukimi/result';
import { LiveConductors } from './live-conductors';
import { MemoryConductorRoster } from './memory-conductor.roster';

describe('LiveConductors', () => {
  it('counts one until it has checked in, then what the roster answers', async () => {
    let nowMs = 0;
    const roster = new MemoryConductorRoster({ lapseMs: 3_000 });
    const [mine, theirs] = [new LiveConductors(roster, 'c1', () => nowMs), new LiveConductors(roster, 'c2', () => nowMs)];
    expect(mine.count).toBe(1);
    await theirs.checkIn();
    expect(await mine.checkIn()).toBeUndefined();
    expect(mine.count).toBe(2);
    nowMs = 3_000;
    await mine.checkIn();
    expect(mine.count).toBe(1);
  });

  it('keeps the last count while the roster is unreachable, and says why', async () => {
    let down = false;
    const memory = new MemoryConductorRoster({ lapseMs: 3_000 });
    const roster = { checkIn: (id: string, nowMs: number) => (down ? Promise.resolve(err({ kind: 'unavailable' as const, message: 'gone' })) : memory.checkIn(id, nowMs)) };
    await memory.checkIn('c2', 0);
    const live = new LiveConductors(roster, 'c1', () => 0);
    await live.checkIn();
    down = true;
    expect(await live.checkIn()).toBe('gone');
    expect(live.count).toBe(2);
  });
});
