import { instanceId } from '../instance.model';
import { type InstanceCacheWorth, pickScaleInVictim } from './scale-in-victim.pick';

const worth = (id: string, soleBlockHits: number, soleBlocks: number, draining?: boolean): InstanceCacheWorth => ({
  instanceId: instanceId(id),
  soleBlockHits,
  soleBlocks,
  ...(draining === undefined ? {} : { draining }),
});

describe('pickScaleInVictim', () => {
  it.each([
    ['no instance', [], undefined],
    ['the only one', [worth('p-a', 50, 10)], 'p-a'],
    ['fewest hits on sole blocks', [worth('p-a', 50, 1), worth('p-b', 3, 900), worth('p-c', 7, 0)], 'p-b'],
    ['equal hits: fewest sole blocks to hand over', [worth('p-a', 4, 30), worth('p-b', 4, 12)], 'p-b'],
    ['equal worth: the smallest id, whatever the order', [worth('p-c', 0, 0), worth('p-a', 0, 0), worth('p-b', 0, 0)], 'p-a'],
    ['a draining instance is never picked again', [worth('p-a', 0, 0, true), worth('p-b', 9, 9)], 'p-b'],
    ['every instance draining', [worth('p-a', 0, 0, true), worth('p-b', 1, 1, true)], undefined],
  ])('%s', (_name, instances, expected) => {
    expect(pickScaleInVictim(instances)).toBe(expected);
  });

  it('picks the same instance for every order of the same view', () => {
    const view = [worth('p-a', 5, 5), worth('p-b', 2, 8), worth('p-c', 2, 8), worth('p-d', 2, 9)];
    const picks = new Set([view, [...view].reverse(), [view[2]!, view[0]!, view[3]!, view[1]!]].map(pickScaleInVictim));
    expect([...picks]).toEqual(['p-b']);
  });
});
