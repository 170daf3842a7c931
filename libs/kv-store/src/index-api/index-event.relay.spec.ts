import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type IndexEvent, type IndexReplica, type IndexSnapshot } from '../events/index-event.model';
import { IndexView } from '../events/index.view';
import { type FollowedView, IndexEventRelay } from './index-event.relay';
import { followIndex, type FollowSink } from './index.follow';

const n1 = 'n1' as NodeId;
const key = (n: number) => n.toString(16).padStart(16, '0') as BlockKey;
const stored = (id: number, n: number, tier: 'dram' | 'ssd' = 'dram'): IndexEvent => ({ id, kind: 'stored', key: key(n), nodeId: n1, tier });
const removed = (id: number, n: number, tier: 'dram' | 'ssd' = 'dram'): IndexEvent => ({ id, kind: 'removed', key: key(n), nodeId: n1, tier });

/** A follower's view as the conductor keeps one: the kv-store's own IndexView, listing what it holds. */
class ListedView implements FollowedView {
  readonly view = new IndexView();
  private readonly keys = new Set<BlockKey>();
  get epoch() {
    return this.view.epoch;
  }
  get lastEventId() {
    return this.view.lastEventId;
  }
  load(snapshot: IndexSnapshot): void {
    this.view.load(snapshot);
    for (const r of snapshot.replicas) this.keys.add(r.key);
  }
  apply(event: IndexEvent): void {
    this.view.apply(event);
    this.keys.add(event.key);
  }
  *poolReplicas(): Iterable<IndexReplica> {
    for (const k of this.keys) for (const r of this.view.replicasOf(k)) yield { key: k, ...r };
  }
}

/** A view, its relay, and a way to feed both as the conductor's follower does. */
function relayed(capacity = 100) {
  const view = new ListedView();
  const relay = new IndexEventRelay(view, capacity);
  const load = (snapshot: IndexSnapshot) => {
    view.load(snapshot);
    relay.loaded();
  };
  const apply = (...events: IndexEvent[]) => {
    for (const e of events) {
      view.apply(e);
      relay.applied(e);
    }
  };
  return { view, relay, load, apply };
}

/** What one subscriber received, in order. */
function recorder() {
  const got: string[] = [];
  const sink: FollowSink = {
    snapshot: (s) => got.push(`snapshot ${s.epoch}:${s.lastEventId} ${s.replicas.map((r) => `${r.key.slice(-1)}@${r.tier}`).join(',')}`),
    event: (epoch, e) => got.push(`${epoch}:${e.id} ${e.kind} ${e.key.slice(-1)}@${e.tier}`),
    end: (reason) => got.push(`end ${reason}`),
  };
  return { got, sink };
}

describe('IndexEventRelay', () => {
  it('serves catch-up reads from the events it kept, and a gap for what it cannot', async () => {
    const { relay, load, apply } = relayed(2);
    load({ epoch: 'e', lastEventId: 10, replicas: [] });
    apply(stored(11, 1), stored(12, 2), stored(13, 3));
    expect(await relay.since('e', 11)).toEqual({ ok: true, value: { events: [stored(12, 2), stored(13, 3)], lastEventId: 13 } });
    expect(await relay.since('e', 13)).toEqual({ ok: true, value: { events: [], lastEventId: 13 } });
    expect(await relay.since('e', 11, 1)).toEqual({ ok: true, value: { events: [stored(12, 2)], lastEventId: 13 } });
    apply(stored(14, 4));
    expect(await relay.since('e', 10)).toMatchObject({ ok: false, error: { reason: 'expired' } });
    expect(await relay.since('e', 15)).toMatchObject({ ok: false, error: { reason: 'ahead' } });
    expect(await relay.since('other', 12)).toMatchObject({ ok: false, error: { reason: 'epoch', epoch: 'e', lastEventId: 14 } });
  });

  it('gives a new subscriber the view as a snapshot, then live events in order', async () => {
    const { relay, load, apply } = relayed();
    load({ epoch: 'e', lastEventId: 2, replicas: [{ key: key(1), nodeId: n1, tier: 'dram' }] });
    const { got, sink } = recorder();
    await followIndex(relay, undefined, sink);
    apply(removed(3, 1), stored(4, 1, 'ssd'));
    expect(got).toEqual(['snapshot e:2 1@dram', 'e:3 removed 1@dram', 'e:4 stored 1@ssd']);
  });

  it('resumes a subscriber after the id it names, without a snapshot', async () => {
    const { relay, load, apply } = relayed();
    load({ epoch: 'e', lastEventId: 0, replicas: [] });
    apply(stored(1, 1), stored(2, 2), removed(3, 1));
    const { got, sink } = recorder();
    await followIndex(relay, { epoch: 'e', afterId: 1 }, sink);
    apply(stored(4, 3));
    expect(got).toEqual(['e:2 stored 2@dram', 'e:3 removed 1@dram', 'e:4 stored 3@dram']);
  });

  it.each([
    ['another epoch', { epoch: 'old', afterId: 1 }],
    ['a position the relay no longer keeps', { epoch: 'e', afterId: 0 }],
    ['a position ahead of the log', { epoch: 'e', afterId: 99 }],
  ])('starts a subscriber naming %s over from a snapshot', async (_name, cursor) => {
    const { relay, load, apply } = relayed(1);
    load({ epoch: 'e', lastEventId: 0, replicas: [] });
    apply(stored(1, 1), stored(2, 2), stored(3, 3));
    const { got, sink } = recorder();
    await followIndex(relay, cursor, sink);
    expect(got).toEqual(['snapshot e:3 1@dram,2@dram,3@dram']);
  });

  it('ends its subscribers when the view starts over from another snapshot, and stops telling them anything', async () => {
    const { relay, load, apply } = relayed();
    load({ epoch: 'e', lastEventId: 0, replicas: [] });
    const { got, sink } = recorder();
    await followIndex(relay, undefined, sink);
    load({ epoch: 'e2', lastEventId: 5, replicas: [] });
    apply(stored(6, 1));
    expect(got).toEqual(['snapshot e:0 ', 'end reset']);
    expect(relay.subscribers).toBe(0);
  });

  it('ends a subscriber at a gap in what it is sent rather than skip an event', async () => {
    const { relay, load } = relayed();
    load({ epoch: 'e', lastEventId: 0, replicas: [] });
    const { got, sink } = recorder();
    await followIndex(relay, undefined, sink);
    relay.applied(stored(1, 1));
    relay.applied(stored(3, 3));
    relay.applied(stored(4, 4));
    expect(got).toEqual(['snapshot e:0 ', 'e:1 stored 1@dram', 'end gap']);
  });

  it('stops sending once unsubscribed', async () => {
    const { relay, load, apply } = relayed();
    load({ epoch: 'e', lastEventId: 0, replicas: [] });
    const { got, sink } = recorder();
    const stop = await followIndex(relay, undefined, sink);
    apply(stored(1, 1));
    stop();
    apply(stored(2, 2));
    expect(got).toEqual(['snapshot e:0 ', 'e:1 stored 1@dram']);
    expect(relay.subscribers).toBe(0);
  });
});
