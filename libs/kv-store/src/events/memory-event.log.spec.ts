import { type NodeId } from '../common/node-id';
import { keyOf } from '../testing/block.fixture';
import { type IndexEventDraft } from './index-event.model';
import { MemoryEventLog } from './memory-event.log';

const draft = (n: number): IndexEventDraft => ({ kind: 'stored', key: keyOf(n), nodeId: 'a' as NodeId, tier: 'dram' });

function logWith(count: number, retention: number): MemoryEventLog {
  const log = new MemoryEventLog({ epoch: 'e1', retention });
  log.append(Array.from({ length: count }, (_, i) => draft(i + 1)));
  return log;
}

describe('MemoryEventLog', () => {
  it('numbers events from 1 without holes across appends', () => {
    const log = new MemoryEventLog({ epoch: 'e1' });
    expect(log.append([draft(1), draft(2)]).map((event) => event.id)).toEqual([1, 2]);
    expect(log.append([]).map((event) => event.id)).toEqual([]);
    expect(log.append([draft(3)]).map((event) => event.id)).toEqual([3]);
  });

  it.each([
    { count: 0, retention: 5, after: 0, ids: [] },
    { count: 3, retention: 5, after: 0, ids: [1, 2, 3] },
    { count: 3, retention: 5, after: 3, ids: [] },
    { count: 10, retention: 5, after: 5, ids: [6, 7, 8, 9, 10] },
    { count: 10, retention: 5, after: 7, ids: [8, 9, 10] },
  ])('reads the events after $after of $count kept $retention at a time', ({ count, retention, after, ids }) => {
    const read = logWith(count, retention).since('e1', after);
    expect(read.ok && read.value.events.map((event) => event.id)).toEqual(ids);
    expect(read.ok && read.value.lastEventId).toBe(count);
  });

  it.each([
    { name: 'older than retention', epoch: 'e1', after: 4, reason: 'expired' },
    { name: 'ahead of the log', epoch: 'e1', after: 11, reason: 'ahead' },
    { name: 'from another epoch', epoch: 'e0', after: 10, reason: 'epoch' },
  ])('answers a gap for an id $name', ({ epoch, after, reason }) => {
    expect(logWith(10, 5).since(epoch, after)).toEqual({ ok: false, error: { kind: 'gap', reason, epoch: 'e1', lastEventId: 10 } });
  });

  it('cuts a read at the limit and says how far the log goes', () => {
    const read = logWith(10, 100).since('e1', 0, 4);
    expect(read.ok && read.value.events.map((event) => event.id)).toEqual([1, 2, 3, 4]);
    expect(read.ok && read.value.lastEventId).toBe(10);
  });

  it('refuses a retention below 1', () => {
    expect(() => new MemoryEventLog({ epoch: 'e', retention: 0 })).toThrow(RangeError);
  });
});
