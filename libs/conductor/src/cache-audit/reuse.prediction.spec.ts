import { type BlockKey } from '@tsukimi/kv-block';
import { GlobalPrefixIndex, instanceId } from '@tsukimi/scheduler';
import { type PrefillPlan, type TokenReuse } from '@tsukimi/serving';
import { predictedReuse, shortfallTokens } from './reuse.prediction';
import { probableCause } from './probable-cause';
import { withIgnoredCaches } from './ignored-caches.view';

const keys = Array.from({ length: 8 }, (_, i) => `k${i}` as BlockKey);
const a = instanceId('a');
const b = instanceId('b');

/** `a` holds 2 leading blocks in memory, `b` 5; node n1 holds 4 in DRAM, n2 6 on SSD. */
function index(): GlobalPrefixIndex {
  const built = new GlobalPrefixIndex({ deviceCapacityBlocks: 64 });
  built.load({
    epoch: 'e',
    lastEventId: 0,
    replicas: [...keys.slice(0, 4).map((key) => ({ key, nodeId: 'n1', tier: 'dram' as const })), ...keys.slice(0, 6).map((key) => ({ key, nodeId: 'n2', tier: 'ssd' as const }))],
  });
  built.reportDevice(a, keys.slice(0, 2));
  built.reportDevice(b, keys.slice(0, 5));
  return built;
}

describe('predictedReuse', () => {
  it.each<[string, PrefillPlan | undefined, boolean, TokenReuse]>([
    ['no plan: own memory, then DRAM, then SSD past it', undefined, false, { device: 32, dram: 32, ssd: 32 }],
    ['no plan and the pool said to hold nothing more: own memory only', undefined, true, { device: 32, dram: 0, ssd: 0 }],
    ['recompute: own memory only, which the instance always uses', { branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0 }, false, { device: 32, dram: 0, ssd: 0 }],
    ['holder: own memory only', { branch: 'holder', deviceBlocks: 2, reusedBlocks: 2 }, false, { device: 32, dram: 0, ssd: 0 }],
    ['fetch from a named SSD node: up to the plan', { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 6, source: { node: 'n2', tier: 'ssd' } }, false, { device: 32, dram: 0, ssd: 64 }],
    ['fetch from a named DRAM node, even when the pool was said to hold nothing more', { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 4, source: { node: 'n1', tier: 'dram' } }, true, { device: 32, dram: 32, ssd: 0 }],
    ['fetch from any replica: DRAM first, up to the plan', { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 5 }, false, { device: 32, dram: 32, ssd: 16 }],
  ])('%s', (_, plan, skipPool, expected) => {
    expect(predictedReuse(index().match(keys), a, plan, skipPool, 16)).toEqual(expected);
  });

  it('gives the shortfall per tier, never negative', () => {
    expect(shortfallTokens({ device: 32, dram: 64, ssd: 0 }, { device: 0, dram: 80, ssd: 16 })).toEqual({ device: 32, dram: 0, ssd: 0 });
  });
});

describe('probableCause', () => {
  const other = keys.map((key) => `${key}x` as BlockKey);
  it.each<[string, readonly BlockKey[], string | undefined, boolean, string]>([
    ['same keys: the cache was lost', keys, undefined, false, 'lost-cache'],
    ['fewer keys: another block size', keys.slice(0, 4), undefined, false, 'block-size'],
    ['other keys, another model described', other, undefined, true, 'model-identity'],
    ['other keys under an adapter', other, 'lora-1', false, 'adapter'],
    ['other keys otherwise: the salt', other, undefined, false, 'salt'],
  ])('%s', (_, instanceKeys, adapter, modelDiffers, cause) => {
    expect(probableCause({ conductorKeys: keys, instanceKeys, adapter, modelDiffers })).toBe(cause);
  });
});

describe('withIgnoredCaches', () => {
  const built = index();
  const snapshot = { prefill: [], decode: [], cachedPrefixBlocks: (id: string, k: readonly BlockKey[]) => built.cachedPrefixBlocks(instanceId(id), k), prefixes: built };

  it('reads the ignored instances\' memory as empty and leaves the rest', () => {
    const view = withIgnoredCaches(snapshot, new Set(['b']));
    const match = view.prefixes!.match(keys);
    expect([view.cachedPrefixBlocks(a, keys), view.cachedPrefixBlocks(b, keys)]).toEqual([2, 0]);
    expect([match.deviceBlocks(a), match.deviceBlocks(b)]).toEqual([2, 0]);
    expect(match.bestDevice()).toBeUndefined();
    expect(match.bestDevice(b)?.blocks).toBe(2);
    expect([match.bestNode('dram')?.blocks, match.bestNode('ssd')?.blocks, match.longestBlocks]).toEqual([4, 6, 6]);
    expect(built.match(keys).deviceBlocks(b)).toBe(5);
  });

  it('is the snapshot itself with none ignored', () => {
    expect(withIgnoredCaches(snapshot, new Set())).toBe(snapshot);
  });
});
