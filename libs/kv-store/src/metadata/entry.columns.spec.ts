import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type BlockEntryDraft } from './block-entry.model';
import { EntryColumns } from './entry.columns';
import { ReplicaLists } from './replica.lists';

const a = { nodeId: 'a' as NodeId, tier: 'dram' as const };
const b = { nodeId: 'b' as NodeId, tier: 'ssd' as const };

function draft(n: number, overrides: Partial<BlockEntryDraft> = {}): BlockEntryDraft {
  return {
    key: blockKeyFromU64(BigInt(n)),
    status: 'complete',
    sizeBytes: 65_600 + n,
    replicas: [a],
    blockIndex: n % 7,
    createdAtMs: 1_735_689_600_000 + n,
    leaseExpiresAtMs: 0,
    softPinExpiresAtMs: 2 ** 53 - 1,
    hardPinned: n % 2 === 0,
    lastAccessMs: 1_735_689_600_123 + n,
    accessCount: n,
    ...overrides,
  };
}

describe('entry columns', () => {
  it('reads back every field of every entry written, across growth', () => {
    const columns = new EntryColumns();
    const slots = Array.from({ length: 5000 }, (_, n) => columns.add(draft(n, n % 3 === 0 ? { status: 'pending', replicas: [a, b] } : {}), n + 1));
    slots.forEach((slot, n) => expect(columns.read(slot)).toEqual({ ...draft(n, n % 3 === 0 ? { status: 'pending', replicas: [a, b] } : {}), revision: n + 1 }));
  });

  it('reuses a freed slot and overwrites in place', () => {
    const columns = new EntryColumns();
    const first = columns.add(draft(1), 1);
    columns.add(draft(2), 1);
    columns.remove(first);
    const again = columns.add(draft(3), 1);
    expect(again).toBe(first);
    columns.write(again, draft(3, { replicas: [b], leaseExpiresAtMs: 9 }), 2);
    expect(columns.read(again)).toEqual({ ...draft(3, { replicas: [b], leaseExpiresAtMs: 9 }), revision: 2 });
  });
});

describe('replica lists', () => {
  it('hands out one frozen list per distinct list and drops it when no one holds it', () => {
    const lists = new ReplicaLists();
    const one = lists.intern([{ ...a }]);
    const two = lists.intern([{ ...a }]);
    expect(two).toBe(one);
    expect(Object.isFrozen(one) && Object.isFrozen(one[0])).toBe(true);
    expect(lists.intern([a, b])).not.toBe(lists.intern([b, a]));
    expect(lists.size).toBe(3);
    lists.release(one);
    expect(lists.size).toBe(3);
    lists.release(two);
    expect(lists.size).toBe(2);
  });
});
