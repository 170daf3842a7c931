import { type IndexEventMessage__Output, type IndexUpdate__Output } from '@tsukimi/proto';
import { poolEventsOf } from './pool-index.follower';

const wire = (id: number, tier = 'dram', kind = 'stored'): IndexEventMessage__Output => ({ id, kind, key: `k${id}`, nodeId: 'n1', tier });

describe('poolEventsOf', () => {
  it('gives a batch in order, as a master that batches sends it', () => {
    const update: IndexUpdate__Output = { snapshot: null, event: null, events: { events: [wire(7), wire(8, 'ssd', 'removed'), wire(9)] }, update: 'events' };
    expect(poolEventsOf(update)).toEqual([
      { id: 7, kind: 'stored', key: 'k7', nodeId: 'n1', tier: 'dram' },
      { id: 8, kind: 'removed', key: 'k8', nodeId: 'n1', tier: 'ssd' },
      { id: 9, kind: 'stored', key: 'k9', nodeId: 'n1', tier: 'dram' },
    ]);
  });

  it('gives the one event of a master that predates batches', () => {
    expect(poolEventsOf({ snapshot: null, event: wire(3), events: null, update: 'event' })).toEqual([{ id: 3, kind: 'stored', key: 'k3', nodeId: 'n1', tier: 'dram' }]);
  });

  it('leaves out unknown tiers and kinds (the index then sees the gap and loads a snapshot)', () => {
    const update: IndexUpdate__Output = { snapshot: null, event: null, events: { events: [wire(1), wire(2, 'tape'), wire(3, 'dram', 'moved')] }, update: 'events' };
    expect(poolEventsOf(update).map((e) => e.id)).toEqual([1]);
  });
});
