import { type BlockKey } from '@tsukimi/kv-block';
import { instanceId } from '@tsukimi/scheduler';
import { InFlightPrefixTable } from './in-flight-prefix.table';

/** Chained keys: a prompt's key i stands for its whole prefix up to block i. */
const keys = (prompt: string, blocks: number) => Array.from({ length: blocks }, (_, i) => `${prompt}:${i}` as unknown as BlockKey);
const p1 = instanceId('p1');
const p2 = instanceId('p2');

describe('InFlightPrefixTable', () => {
  it('finds the call computing the longest leading run of a prompt, and forgets it once it ends', async () => {
    const table = new InFlightPrefixTable();
    const end = table.begin('a', p1, keys('x', 6), 500);
    const found = table.longestRun([...keys('x', 4), ...keys('y', 3).slice(1)]);
    expect(found).toMatchObject({ requestId: 'a', instance: p1, blocks: 4, readyAtMs: 500 });
    end(true);
    await expect(found!.settled).resolves.toBe(true);
    expect(table.longestRun(keys('x', 4))).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it.each<[string, string[], number | undefined]>([
    ['a prompt sharing no first block', ['z:0', 'x:1'], undefined],
    ['an empty prompt', [], undefined],
    ['a prompt longer than the one in flight', ['x:0', 'x:1', 'x:2', 'x:3'], 3],
  ])('%s', (_what, prompt, blocks) => {
    const table = new InFlightPrefixTable();
    table.begin('a', p1, keys('x', 3), 100);
    expect(table.longestRun(prompt as unknown as BlockKey[])?.blocks).toBe(blocks);
  });

  it('prefers the longer run, then among equal runs the call expected ready first', () => {
    const table = new InFlightPrefixTable();
    table.begin('short', p1, keys('x', 2), 10);
    table.begin('late', p1, keys('x', 5), 900);
    table.begin('unknown', p2, keys('x', 5), undefined);
    table.begin('early', p2, keys('x', 5), 300);
    expect(table.longestRun(keys('x', 5))).toMatchObject({ requestId: 'early', instance: p2, blocks: 5 });
    expect(table.size).toBe(4);
  });

  it('tells waiters when the call failed, and keeps the others that share its keys', async () => {
    const table = new InFlightPrefixTable();
    const endA = table.begin('a', p1, keys('x', 3), 100);
    table.begin('b', p2, keys('x', 3), 200);
    const found = table.longestRun(keys('x', 3));
    endA(false);
    await expect(found!.settled).resolves.toBe(false);
    expect(table.longestRun(keys('x', 3))).toMatchObject({ requestId: 'b', blocks: 3 });
  });
});
