import { ManualClock } from '@tsukimi/telemetry';
import { seededRandom } from '../common/random';
import { StoreMaster } from '../master/store.master';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';
import { type IndexEvent } from './index-event.model';
import { IndexView, syncIndexView } from './index.view';

const event = (id: number, kind: 'stored' | 'removed', n: number, node = 'a'): IndexEvent => ({ id, kind, key: keyOf(n), nodeId: nodeId(node), tier: 'dram' });

describe('index view', () => {
  it.each([
    { name: 'the next id', events: [event(1, 'stored', 1)], outcomes: ['applied'], last: 1 },
    { name: 'an id already seen', events: [event(1, 'stored', 1), event(1, 'stored', 1)], outcomes: ['applied', 'duplicate'], last: 1 },
    { name: 'a skipped id', events: [event(1, 'stored', 1), event(3, 'stored', 2)], outcomes: ['applied', 'gap'], last: 1 },
  ])('applies events in id order: $name', ({ events, outcomes, last }) => {
    const view = new IndexView();
    view.load({ epoch: 'e', lastEventId: 0, replicas: [] });
    expect(events.map((e) => view.apply(e))).toEqual(outcomes);
    expect(view.lastEventId).toBe(last);
  });

  it('tracks replicas through stores, moves and removals', () => {
    const view = new IndexView();
    view.load({ epoch: 'e', lastEventId: 0, replicas: [] });
    [event(1, 'stored', 1), event(2, 'stored', 1, 'b'), event(3, 'removed', 1), event(4, 'stored', 2), event(5, 'removed', 2)].forEach((e) => view.apply(e));
    expect(view.replicasOf(keyOf(1))).toEqual([{ nodeId: 'b', tier: 'dram' }]);
    expect(view.replicasOf(keyOf(2))).toEqual([]);
    expect(view.blockCount).toBe(1);
  });

  it('starts from a snapshot of the complete replicas and then follows events from its id', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 1000 }, b: { dram: 1000 } });
    await putComplete(keyOf(1), 10, { replicas: 2 });
    await master.putStart(keyOf(2), 10);
    const view = new IndexView();
    expect(await syncIndexView(view, master)).toBe('resnapshotted');
    expect(view.replicasOf(keyOf(1))).toHaveLength(2);
    expect(view.replicasOf(keyOf(2))).toEqual([]);
    await master.putEnd(keyOf(2));
    await master.remove(keyOf(1));
    expect(await syncIndexView(view, master)).toBe('caught-up');
    expect(view.replicasOf(keyOf(1))).toEqual([]);
    expect(view.replicasOf(keyOf(2))).toHaveLength(1);
    expect(view.lastEventId).toBe((await master.snapshot()).lastEventId);
  });

  it('re-snapshots when the events it missed are older than retention', async () => {
    const clock = new ManualClock();
    const store = new MemoryMetadataStore({ epoch: 'e1', eventRetention: 2 });
    const master = new StoreMaster({ store, clock, random: seededRandom(1) });
    await master.heartbeat(nodeId('a'), { capacityBytes: { dram: 1000 } });
    const view = new IndexView();
    await syncIndexView(view, master);
    for (let n = 1; n <= 5; n += 1) {
      await master.putStart(keyOf(n), 10);
      await master.putEnd(keyOf(n));
    }
    expect(await master.since('e1', view.lastEventId)).toMatchObject({ ok: false, error: { kind: 'gap', reason: 'expired' } });
    expect(await syncIndexView(view, master)).toBe('resnapshotted');
    expect(view.blockCount).toBe(5);
    expect(view.lastEventId).toBe(5);
  });

  it('re-snapshots after the master restarted with an empty memory store (another epoch)', async () => {
    const first = masterFixture(undefined, 1);
    await first.join({ a: { dram: 1000 } });
    await first.putComplete(keyOf(1), 10);
    const view = new IndexView();
    await syncIndexView(view, first.master);
    const restarted = masterFixture(undefined, 2);
    await restarted.join({ a: { dram: 1000 } });
    await restarted.putComplete(keyOf(2), 10);
    expect(await syncIndexView(view, restarted.master)).toBe('resnapshotted');
    expect(view.replicasOf(keyOf(1))).toEqual([]);
    expect(view.replicasOf(keyOf(2))).toHaveLength(1);
  });

  it('pushes live events to subscribers with consecutive ids', async () => {
    const { master, join, putComplete, events } = masterFixture();
    await join({ a: { dram: 1000 }, b: { dram: 1000 } });
    await putComplete(keyOf(1), 10, { replicas: 2 });
    await putComplete(keyOf(2), 10);
    await master.remove(keyOf(1));
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    const view = new IndexView();
    view.load({ epoch: 'x', lastEventId: 0, replicas: [] });
    expect(events.map((e) => view.apply(e)).every((outcome) => outcome === 'applied')).toBe(true);
    expect(view.replicasOf(keyOf(2))).toHaveLength(1);
  });
});
