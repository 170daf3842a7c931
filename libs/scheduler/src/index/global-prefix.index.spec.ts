import { type IndexEvent, type IndexSnapshot } from '@tsukimi/kv-store';
import { instanceId } from '../instance.model';
import { keysOf } from '../testing/scheduler.fixtures';
import { GlobalPrefixIndex } from './global-prefix.index';
import { type PoolIndexEvent, type PoolIndexSnapshot } from './pool-index.events';

const keys = keysOf(6);
const p1 = instanceId('p1');
const p2 = instanceId('p2');

function stored(id: number, key: number, nodeId: string, tier: 'device' | 'dram' | 'ssd' = 'dram'): PoolIndexEvent {
  return { id, kind: 'stored', key: keys[key]!, nodeId, tier };
}

function removed(id: number, key: number, nodeId: string, tier: 'device' | 'dram' | 'ssd' = 'dram'): PoolIndexEvent {
  return { id, kind: 'removed', key: keys[key]!, nodeId, tier };
}

function loaded(replicas: PoolIndexSnapshot['replicas'] = [], lastEventId = 0, epoch = 'e1'): GlobalPrefixIndex {
  const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 4 });
  index.load({ epoch, lastEventId, replicas });
  return index;
}

describe('GlobalPrefixIndex', () => {
  describe('where a block is', () => {
    it('lists every location holding a key, instances\' memory and pool tiers, and follows moves', () => {
      const index = loaded([{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }, { key: keys[1]!, nodeId: 'n2', tier: 'ssd' }], 2);
      index.reportDevice(p1, [keys[0]!]);
      expect(index.locationsOf(keys[0]!)).toEqual([{ tier: 'dram', node: 'n1' }, { tier: 'device', instance: p1 }]);
      expect(index.locationsOf(keys[1]!)).toEqual([{ tier: 'ssd', node: 'n2' }]);
      expect(index.locationsOf(keys[5]!)).toEqual([]);
      index.applyEvents('e1', [removed(3, 0, 'n1'), stored(4, 0, 'n1', 'ssd')]);
      expect(index.locationsOf(keys[0]!)).toEqual([{ tier: 'device', instance: p1 }, { tier: 'ssd', node: 'n1' }]);
    });

    it('gives the pool\'s replicas alone, as of its last event', () => {
      const index = loaded([{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }], 1);
      index.reportDevice(p2, [keys[2]!]);
      index.applyEvents('e1', [stored(2, 1, 'n1', 'ssd')]);
      expect([...index.poolReplicas()]).toEqual([{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }, { key: keys[1]!, nodeId: 'n1', tier: 'ssd' }]);
    });
  });

  describe('pool events', () => {
    it('refuses events until a snapshot is loaded', () => {
      const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 4 });
      expect(index.resyncNeeded).toBe(true);
      expect(index.applyEvents('e1', [stored(1, 0, 'n1')])).toEqual({ kind: 'resync-needed', reason: 'no-snapshot' });
      expect(index.heldBlocks('dram', 'n1')).toBe(0);
    });

    it('applies stored and removed events in order and skips those already reflected', () => {
      const index = loaded([{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }], 2);
      expect(index.applyEvents('e1', [stored(2, 5, 'n1'), stored(3, 1, 'n1'), stored(4, 2, 'n1', 'ssd')])).toEqual({ kind: 'applied', applied: 2, duplicates: 1 });
      expect(index.match(keys).bestNode('dram')).toEqual({ location: { tier: 'dram', node: 'n1' }, blocks: 2 });
      expect(index.applyEvents('e1', [removed(5, 0, 'n1')])).toEqual({ kind: 'applied', applied: 1, duplicates: 0 });
      expect(index.match(keys).bestNode('dram')).toBeUndefined();
      expect(index.lastEventId).toBe(5);
      expect(index.resyncNeeded).toBe(false);
    });

    it('on a gap stops applying, asks for a resync and refuses everything until the next snapshot', () => {
      const index = loaded();
      expect(index.applyEvents('e1', [stored(1, 0, 'n1'), stored(3, 1, 'n1')])).toEqual({ kind: 'resync-needed', reason: 'gap' });
      expect(index.resyncNeeded).toBe(true);
      expect(index.lastEventId).toBe(1);
      expect(index.applyEvents('e1', [stored(2, 1, 'n1')])).toEqual({ kind: 'resync-needed', reason: 'gap' });
      index.load({ epoch: 'e1', lastEventId: 3, replicas: [0, 1].map((k) => ({ key: keys[k]!, nodeId: 'n1', tier: 'dram' as const })) });
      expect(index.resyncNeeded).toBe(false);
      expect(index.match(keys).bestNode('dram')?.blocks).toBe(2);
      expect(index.applyEvents('e1', [stored(4, 2, 'n1')])).toEqual({ kind: 'applied', applied: 1, duplicates: 0 });
    });

    it('treats events of another epoch (the master lost its log) as needing a resync', () => {
      const index = loaded([], 7);
      expect(index.applyEvents('e2', [stored(1, 0, 'n1')])).toEqual({ kind: 'resync-needed', reason: 'epoch' });
      index.load({ epoch: 'e2', lastEventId: 0, replicas: [] });
      expect(index.epoch).toBe('e2');
      expect(index.applyEvents('e2', [stored(1, 0, 'n1')]).kind).toBe('applied');
    });

    it('a snapshot replaces pool holdings but keeps what instances reported', () => {
      const index = loaded([{ key: keys[0]!, nodeId: 'n1', tier: 'dram' }, { key: keys[0]!, nodeId: 'n2', tier: 'ssd' }]);
      index.reportDevice(p1, keys.slice(0, 2));
      index.load({ epoch: 'e1', lastEventId: 9, replicas: [{ key: keys[0]!, nodeId: 'n3', tier: 'dram' }] });
      const match = index.match(keys);
      expect(match.bestNode('dram')).toEqual({ location: { tier: 'dram', node: 'n3' }, blocks: 1 });
      expect(match.bestNode('ssd')).toBeUndefined();
      expect(match.deviceBlocks(p1)).toBe(2);
    });

    it('takes device-tier replicas from the master as the instance memory of the instance they name', () => {
      const index = loaded([{ key: keys[0]!, nodeId: 'p2', tier: 'device' }]);
      index.applyEvents('e1', [stored(1, 1, 'p2', 'device')]);
      expect(index.match(keys).deviceBlocks(p2)).toBe(2);
      index.applyEvents('e1', [removed(2, 0, 'p2', 'device')]);
      expect(index.cachedPrefixBlocks(p2, keys)).toBe(0);
    });

    it("accepts the kvpool master's own event and snapshot types", () => {
      const event: IndexEvent = { id: 1, kind: 'stored', key: keys[0]!, nodeId: 'n1' as IndexEvent['nodeId'], tier: 'dram' };
      const snapshot: IndexSnapshot = { epoch: 'e1', lastEventId: 0, replicas: [] };
      const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 4 });
      index.load(snapshot);
      expect(index.applyEvents(snapshot.epoch, [event]).kind).toBe('applied');
    });
  });

  describe('instance reports', () => {
    it('forgets the least recently reported blocks beyond capacity', () => {
      const index = loaded();
      index.reportDevice(p1, keys.slice(0, 4));
      index.reportDevice(p1, [keys[0]!]);
      index.reportDevice(p1, [keys[4]!]);
      expect(index.heldBlocks('device', 'p1')).toBe(4);
      expect(index.cachedPrefixBlocks(p1, keys)).toBe(1);
      expect(index.cachedPrefixBlocks(p1, [keys[0]!, keys[2]!, keys[3]!, keys[4]!])).toBe(4);
    });

    it('drops evicted blocks and everything of a forgotten instance', () => {
      const index = loaded();
      index.reportDevice(p1, keys.slice(0, 3));
      index.reportDevice(p2, keys.slice(0, 3));
      index.evictDevice(p1, [keys[1]!]);
      expect(index.match(keys).deviceBlocks(p1)).toBe(1);
      expect(index.blockCount).toBe(3);
      index.forgetInstance(p2);
      expect(index.match(keys).bestDevice()).toEqual({ location: { tier: 'device', instance: p1 }, blocks: 1 });
      expect(index.blockCount).toBe(2);
    });
  });

  describe('match', () => {
    it('finds the leading blocks at every location in one pass, each tier’s best, and the best instance but one', () => {
      const index = loaded([
        ...[0, 1, 2].map((k) => ({ key: keys[k]!, nodeId: 'n1', tier: 'dram' as const })),
        ...[0, 1, 2, 3, 4].map((k) => ({ key: keys[k]!, nodeId: 'n2', tier: 'ssd' as const })),
        { key: keys[0]!, nodeId: 'n3', tier: 'dram' },
      ]);
      index.reportDevice(p1, keys.slice(0, 4));
      index.reportDevice(p2, keys.slice(0, 2));
      index.reportDevice(instanceId('p3'), [keys[1]!, keys[2]!]);
      const match = index.match(keys);
      expect(match.longestBlocks).toBe(5);
      expect([p1, p2, instanceId('p3'), instanceId('unknown')].map((p) => match.deviceBlocks(p))).toEqual([4, 2, 0, 0]);
      expect(match.bestNode('dram')).toEqual({ location: { tier: 'dram', node: 'n1' }, blocks: 3 });
      expect(match.bestNode('ssd')).toEqual({ location: { tier: 'ssd', node: 'n2' }, blocks: 5 });
      expect(match.bestDevice()).toEqual({ location: { tier: 'device', instance: p1 }, blocks: 4 });
      expect(match.bestDevice(p1)).toEqual({ location: { tier: 'device', instance: p2 }, blocks: 2 });
      expect(match.bestDevice(p2)).toEqual({ location: { tier: 'device', instance: p1 }, blocks: 4 });
    });

    it('counts only an unbroken run from the first block', () => {
      const index = loaded();
      index.reportDevice(p1, [keys[0]!, keys[2]!, keys[3]!]);
      expect(index.match(keys).deviceBlocks(p1)).toBe(1);
      expect(index.match(keys.slice(1)).longestBlocks).toBe(0);
    });

    it.each([
      ['40 locations (two words of bitset)', 32, 8, 3000],
      ['100 locations (four words, the most held in locals)', 90, 10, 600],
      ['200 locations (seven words)', 180, 20, 600],
    ])('agrees with a naive per-location walk through random reports, evictions and pool events across %s', (_name, instances, nodes, steps) => {
      let state = 11;
      const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const chains = Array.from({ length: 30 }, (_, c) => keysOf(200, 100 + c));
      const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 1_000_000 });
      index.load({ epoch: 'e', lastEventId: 0, replicas: [] });
      const reference = new Map<string, Set<string>>();
      const held = (location: string) => reference.get(location) ?? reference.set(location, new Set()).get(location)!;
      let eventId = 0;
      for (let step = 0; step < steps; step++) {
        const chain = chains[Math.floor(random() * chains.length)]!;
        const length = 1 + Math.floor(random() * chain.length);
        const n = Math.floor(random() * (instances + nodes));
        if (n < instances) {
          const instance = instanceId(`p${n}`);
          if (random() < 0.8) {
            index.reportDevice(instance, chain.slice(0, length));
            for (const key of chain.slice(0, length)) held(`device:p${n}`).add(key);
          } else {
            index.evictDevice(instance, chain.slice(length / 2, length));
            for (const key of chain.slice(length / 2, length)) held(`device:p${n}`).delete(key);
          }
        } else {
          const tier = n % 2 === 0 ? 'dram' : 'ssd';
          const kind = random() < 0.7 ? 'stored' : 'removed';
          const events = chain.slice(0, length).map((key) => ({ id: ++eventId, kind, key, nodeId: `n${n}`, tier }) as const);
          expect(index.applyEvents('e', events).kind).toBe('applied');
          for (const key of chain.slice(0, length)) {
            if (kind === 'stored') held(`${tier}:n${n}`).add(key);
            else held(`${tier}:n${n}`).delete(key);
          }
        }
      }
      const runOf = (location: string, keys: readonly string[]) => {
        let blocks = 0;
        while (blocks < keys.length && reference.get(location)?.has(keys[blocks]!)) blocks++;
        return blocks;
      };
      for (const chain of chains) {
        const match = index.match(chain);
        const device = Array.from({ length: instances }, (_, n) => runOf(`device:p${n}`, chain));
        expect(device).toEqual(Array.from({ length: instances }, (_, n) => match.deviceBlocks(instanceId(`p${n}`))));
        const nodes = [...reference.keys()].filter((l) => !l.startsWith('device')).map((l) => runOf(l, chain));
        expect(match.longestBlocks).toBe(Math.max(0, ...device, ...nodes));
        expect(match.bestDevice()?.blocks ?? 0).toBe(Math.max(0, ...device));
      }
    });

    it('on a 512-block prompt over 64 instances gives each its own run and the longest overall', () => {
      const long = keysOf(512, 7);
      const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 1024 });
      index.load({ epoch: 'e', lastEventId: 0, replicas: long.map((key) => ({ key, nodeId: 'n1', tier: 'ssd' as const })) });
      for (let i = 0; i < 64; i++) index.reportDevice(instanceId(`p${i}`), long.slice(0, 8 * i));
      const match = index.match(long);
      expect(match.longestBlocks).toBe(512);
      expect(match.bestDevice()).toEqual({ location: { tier: 'device', instance: 'p63' }, blocks: 504 });
      expect(Array.from({ length: 64 }, (_, i) => match.deviceBlocks(instanceId(`p${i}`)))).toEqual(Array.from({ length: 64 }, (_, i) => 8 * i));
    });
  });
});
