import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { DeviceTierLog } from './device-tier.log';

const key = (n: number): BlockKey => blockKeyFromU64(BigInt(n));

describe('DeviceTierLog', () => {
  it('gives a follower with no cursor the whole set, then only what changed', () => {
    const log = new DeviceTierLog('e1');
    log.blockStored(key(1));
    log.blockStored(key(2));
    const first = log.since('', 0);
    expect(first).toEqual({ kind: 'snapshot', epoch: 'e1', lastId: 2, held: [key(1), key(2)] });
    log.blockRemoved(key(1));
    log.blockStored(key(3));
    expect(log.since('e1', first.lastId)).toEqual({ kind: 'delta', epoch: 'e1', lastId: 4, stored: [key(3)], removed: [key(1)] });
    expect(log.since('e1', 4)).toEqual({ kind: 'delta', epoch: 'e1', lastId: 4, stored: [], removed: [] });
  });

  it('folds repeated changes of one key into its latest state', () => {
    const log = new DeviceTierLog('e1');
    log.blockStored(key(1));
    log.blockRemoved(key(1));
    log.blockStored(key(2));
    log.blockRemoved(key(2));
    log.blockStored(key(2));
    expect(log.since('e1', 0)).toEqual({ kind: 'delta', epoch: 'e1', lastId: 5, stored: [key(2)], removed: [key(1)] });
  });

  it('answers a cursor from another epoch, from the future, or older than it keeps with the whole set', () => {
    const log = new DeviceTierLog('e2', 2);
    for (const n of [1, 2, 3]) log.blockStored(key(n));
    const whole = { kind: 'snapshot', epoch: 'e2', lastId: 3, held: [key(1), key(2), key(3)] };
    expect(log.since('e1', 3)).toEqual(whole);
    expect(log.since('e2', 9)).toEqual(whole);
    expect(log.since('e2', 0)).toEqual(whole);
    expect(log.since('e2', 1)).toEqual({ kind: 'delta', epoch: 'e2', lastId: 3, stored: [key(2), key(3)], removed: [] });
  });
});
