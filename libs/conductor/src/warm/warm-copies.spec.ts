import { ReferenceEngine } from '@tsukimi/engine-reference';
import { type BlockKey } from '@tsukimi/kv-block';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { instanceId } from '@tsukimi/scheduler';
import { MemoryKvPool, PrefillWorker, PrefixWarmer } from '@tsukimi/serving';
import { InstanceRegistry } from '../instance.registry';
import { InProcessGateways } from '../testing/in-process.gateways';
import { type PrefixRequest } from './prefix-demand';
import { WarmCopies, type WarmCopiesOptions } from './warm-copies';
import { type WarmCopyReason } from './warm.port';

const model = generateTinyModel();
const engine = () => expectOk(ReferenceEngine.fromGguf(model, { arenaBlocks: 64 }), 'engine');
const clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
const prompt = [...Buffer.from('The prefix every request of the burst begins with, a few blocks long. '.repeat(2))];
const options: WarmCopiesOptions = { copies: 2, maxInFlight: 2, windowMs: 1000, hotRequests: 3, maxTrackedBlocks: 256 };

interface Cluster {
  readonly warm: WarmCopies;
  readonly registry: InstanceRegistry;
  readonly gateways: InProcessGateways;
  readonly engines: ReadonlyMap<string, ReferenceEngine>;
  readonly counted: WarmCopyReason[];
  readonly keys: readonly BlockKey[];
  /** `n` requests for the prefix at `atMs`, then every warm they started settled. */
  demand(n: number, atMs: number, keys?: readonly BlockKey[]): Promise<void>;
  /** One request's prefix demand for `keys`, of the prefix's prompt. */
  demandOf(keys: readonly BlockKey[]): PrefixRequest;
}

/**
 * Prefill instances a, b and c on real engines over one in-memory pool; `a` computed the prefix,
 * which the pool and the conductor's index hold. `b` is busier than `c`; `free` overrides an
 * instance's free device blocks as its Describe would report them.
 */
async function cluster(over: Partial<WarmCopiesOptions> = {}, free: Record<string, number> = {}): Promise<Cluster> {
  const pool = new MemoryKvPool('node-a');
  const engines = new Map(['a', 'b', 'c'].map((id) => [id, engine()]));
  const done = expectOk(await new PrefillWorker(engines.get('a')!, pool, clock).prefill({ requestId: 'first', promptTokens: prompt, tenantSalt: '', generation: { maxTokens: 1, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true } }), 'prefill');
  await done.handoff;
  const keys = done.blockKeys;
  const registry = new InstanceRegistry();
  for (const [id, e] of engines) {
    registry.add(instanceId(id), 'prefill');
    const { info } = e;
    registry.observe(instanceId(id), {
      reportedId: id, modelId: info.modelId, modelHash: info.modelHash, blockSizeTokens: info.blockLayout.blockSizeTokens, tokenizerId: e.tokenizer.id,
      contextTokens: info.contextTokens, hashScheme: 'xxh3-chain-v1', arenaCapacityBlocks: 64, arenaFreeBlocks: free[id] ?? e.arenaStats().freeBlocks, blockBytes: 0, draining: false,
    });
  }
  registry.beginPrefill(instanceId('b'), 'busy', { promptTokens: 10, reusedTokens: 0 }, '');
  registry.index.load({ epoch: 'e', lastEventId: 0, replicas: keys.map((key) => ({ key, nodeId: 'node-a', tier: 'dram' as const })) });
  registry.reportBlocks(instanceId('a'), keys);
  const gateways = new InProcessGateways(new Map(), new Map(), new Map([...engines].map(([id, e]) => [id, new PrefixWarmer(e, pool)])));
  let nowMs = 0;
  const counted: WarmCopyReason[] = [];
  const warm = new WarmCopies({ ...options, ...over }, registry, gateways, { monotonicMs: () => nowMs }, { counted: (reason) => counted.push(reason) });
  const { modelId, blockLayout } = engines.get('a')!.info;
  const demandOf = (blockKeys: readonly BlockKey[]) => ({ blockKeys, promptTokens: prompt, tenantSalt: '', blockSizeTokens: blockLayout.blockSizeTokens, modelId });
  const demand = async (n: number, atMs: number, demanded = keys) => {
    nowMs = atMs;
    for (let i = 0; i < n; i++) warm.onPrefixDemand(demandOf(demanded));
    await warm.settled();
  };
  return { warm, registry, gateways, engines, counted, keys, demand, demandOf };
}

const held = (c: Cluster, id: string) => c.engines.get(id)!.cachedPrefixBlocks(c.keys);

describe('WarmCopies', () => {
  it('warms the least loaded instance lacking a prefix once it turns hot, and the index then shows it holding the prefix', async () => {
    const c = await cluster();
    await c.demand(2, 0);
    expect(c.gateways.calls).toEqual([]);
    await c.demand(1, 10);
    expect(c.gateways.calls).toEqual(['warm:c']);
    expect(held(c, 'c')).toBe(c.keys.length);
    expect(held(c, 'b')).toBe(0);
    expect(c.registry.index.cachedPrefixBlocks(instanceId('c'), c.keys)).toBe(c.keys.length);
    expect(c.counted).toEqual(['sent', 'loaded']);
    await c.demand(5, 20);
    expect(c.gateways.calls).toEqual(['warm:c']);
  });

  it('replaces a holder that went down with another warm copy', async () => {
    const c = await cluster();
    await c.demand(3, 0);
    c.registry.markDown(instanceId('a'), 'killed');
    await c.demand(1, 10);
    expect(c.gateways.calls).toEqual(['warm:c', 'warm:b']);
    expect(held(c, 'b')).toBe(c.keys.length);
  });

  it('keeps as many holders as copies asks for, and none beyond one with copies 1', async () => {
    const three = await cluster({ copies: 3 });
    await three.demand(3, 0);
    expect(three.gateways.calls.sort()).toEqual(['warm:b', 'warm:c']);
    const one = await cluster({ copies: 1 });
    await one.demand(10, 0);
    expect(one.gateways.calls).toEqual([]);
  });

  it('warms only into free device blocks, counting a hot prefix left short', async () => {
    const c = await cluster({}, { b: 1, c: 2 });
    await c.demand(3, 0);
    expect(c.gateways.calls).toEqual([]);
    expect(c.counted).toEqual(['no-room']);
  });

  it('warms no prefix that cooled, nor one the pool does not hold whole', async () => {
    const c = await cluster();
    await c.demand(2, 0);
    await c.demand(2, 2000);
    expect(c.gateways.calls).toEqual([]);
    const longer = [...c.keys, 'not-in-pool' as BlockKey];
    const d = await cluster();
    await d.demand(3, 0, longer);
    expect(d.gateways.calls).toEqual([]);
  });

  it('keeps at most maxInFlight warms in flight, and counts a failed call', async () => {
    const c = await cluster({ copies: 3, maxInFlight: 1 });
    c.gateways.dead.add('c');
    for (let i = 0; i < 3; i++) c.warm.onPrefixDemand(c.demandOf(c.keys));
    expect(c.gateways.calls).toEqual(['warm:c']);
    await c.warm.settled();
    expect(c.counted).toEqual(['sent', 'failed']);
  });
});
