import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { type InstanceId } from '@tsukimi/scheduler';
import { type InstanceFacts } from './instance-facts';
import { InstanceRegistry } from './instance.registry';

const id = (name: string) => name as InstanceId;

function facts(modelId: string, over: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    reportedId: 'x',
    modelId,
    modelHash: `hash-of-${modelId}`,
    blockSizeTokens: 16,
    tokenizerId: `vocab-of-${modelId}`,
    contextTokens: 2048,
    hashScheme: 'xxh3-chain-v1',
    arenaCapacityBlocks: 64,
    blockBytes: 1024,
    draining: false,
    ...over,
  };
}

describe('InstanceRegistry with several models', () => {
  const registry = () => {
    const r = new InstanceRegistry();
    for (const name of ['p-llama', 'p-qwen', 'p-qwen-odd']) r.add(id(name), 'prefill');
    for (const name of ['d-llama', 'd-qwen']) r.add(id(name), 'decode');
    return r;
  };

  it('lists each model once, in the order instances first described them', () => {
    const r = registry();
    r.observe(id('p-qwen'), facts('qwen'));
    r.observe(id('p-llama'), facts('llama'));
    r.observe(id('d-qwen'), facts('qwen'));
    expect(r.models().map((m) => m.modelId)).toEqual(['qwen', 'llama']);
    expect(r.modelFacts('llama')?.tokenizerId).toBe('vocab-of-llama');
    expect(r.modelFacts('mistral')).toBeUndefined();
  });

  it('checks an instance against the first one of its own model, not against other models', () => {
    const r = registry();
    expect(r.observe(id('p-llama'), facts('llama'))).toBeUndefined();
    expect(r.observe(id('p-qwen'), facts('qwen'))).toBeUndefined();
    expect(r.observe(id('p-qwen-odd'), facts('qwen', { blockSizeTokens: 32 }))).toContain('blockSizeTokens 32 differs');
  });

  it('offers a request only the instances of the model it names', () => {
    const r = registry();
    for (const [name, model] of [['p-llama', 'llama'], ['p-qwen', 'qwen'], ['d-llama', 'llama'], ['d-qwen', 'qwen']] as const) r.observe(id(name), facts(model));
    expect(r.snapshot('prefill', 'qwen').map((s) => s.id)).toEqual(['p-qwen']);
    expect(r.snapshot('decode', 'llama').map((s) => s.id)).toEqual(['d-llama']);
    expect(r.snapshot('prefill', 'mistral')).toEqual([]);
    expect(r.snapshot('prefill').map((s) => s.id)).toEqual(['p-llama', 'p-qwen', 'p-qwen-odd']);
  });
});

describe('InstanceRegistry with LoRA adapters', () => {
  const a = { name: 'a', id: 'id-a' };
  const b = { name: 'b', id: 'id-b' };
  const registry = () => {
    const r = new InstanceRegistry();
    for (const name of ['p-ab', 'p-a', 'p-none', 'p-a-other', 'p-qwen-a']) r.add(id(name), 'prefill');
    r.observe(id('p-ab'), facts('llama', { adapters: [a, b] }));
    r.observe(id('p-a'), facts('llama', { adapters: [a] }));
    r.observe(id('p-none'), facts('llama'));
    r.observe(id('p-a-other'), facts('llama', { adapters: [{ name: 'a', id: 'id-a-at-another-scale' }] }));
    r.observe(id('p-qwen-a'), facts('qwen', { adapters: [{ name: 'a', id: 'qwen-a' }] }));
    return r;
  };
  const ids = (r: InstanceRegistry, modelId: string, adapter?: string) => r.snapshot('prefill', modelId, adapter).map((s) => s.id);

  it('lists the adapters of each model, in the order first seen, with the id of the first instance that loaded each', () => {
    const r = registry();
    expect(r.adapters('llama')).toEqual([a, b]);
    expect(r.adapters('qwen')).toEqual([{ name: 'a', id: 'qwen-a' }]);
    expect(r.adapters('mistral')).toEqual([]);
  });

  it.each([
    ['the base model goes to every instance of the model', undefined, ['p-ab', 'p-a', 'p-none', 'p-a-other']],
    ['adapter a goes only to instances that load a with its known id', 'a', ['p-ab', 'p-a']],
    ['adapter b goes only to the instance that has it', 'b', ['p-ab']],
    ['an adapter no instance has goes nowhere', 'c', []],
  ])('%s', (_name, adapter, expected) => {
    expect(ids(registry(), 'llama', adapter)).toEqual(expected);
  });

  it('keeps adapters apart per model', () => {
    expect(ids(registry(), 'qwen', 'a')).toEqual(['p-qwen-a']);
    expect(ids(registry(), 'qwen', 'b')).toEqual([]);
  });
});

describe('InstanceRegistry.remove', () => {
  const prefill = { promptTokens: 10, reusedTokens: 0 };

  it('forgets an idle instance at once: no snapshot, no probes, no blocks', () => {
    const r = new InstanceRegistry();
    r.add(id('p'), 'prefill');
    r.observe(id('p'), facts('llama'));
    r.reportBlocks(id('p'), [blockKeyFromU64(1n)]);
    expect(r.index.heldBlocks('device', 'p')).toBe(1);
    r.remove(id('p'));
    expect(r.snapshot('prefill')).toEqual([]);
    expect(r.states()).toEqual([]);
    expect(r.index.heldBlocks('device', 'p')).toBe(0);
  });

  it('takes a busy instance out of routing at once and lets its requests end cleanly', () => {
    const r = new InstanceRegistry();
    r.add(id('p'), 'prefill');
    r.observe(id('p'), facts('llama'));
    r.beginPrefill(id('p'), 'req-1', prefill, 'tenant');
    r.remove(id('p'));
    expect(r.snapshot('prefill')).toEqual([]);
    expect(r.states()).toEqual([]);
    expect(r.tenantInFlight().get('tenant')).toBe(1);
    r.endPrefill(id('p'), 'req-1', 'tenant');
    expect(r.tenantInFlight().get('tenant')).toBeUndefined();
    r.add(id('p'), 'prefill');
    expect(r.snapshot('prefill')).toEqual([expect.objectContaining({ id: 'p', routable: false, inFlightRequests: 0 })]);
  });

  it('brings a removed instance back unprobed: routable only after the next probe', () => {
    const r = new InstanceRegistry();
    r.add(id('d'), 'decode');
    r.observe(id('d'), facts('llama'));
    r.beginDecode(id('d'), 'req-1', { contextTokens: 5, remainingTokens: 5 }, 'tenant');
    r.remove(id('d'));
    r.add(id('d'), 'decode');
    expect(r.snapshot('decode')).toEqual([expect.objectContaining({ id: 'd', routable: false, inFlightRequests: 1 })]);
    r.observe(id('d'), facts('llama'));
    expect(r.snapshot('decode')[0]?.routable).toBe(true);
  });

  it('queues the prompt of a request run whole on a decode instance until its first token, and drops it when the request ends', () => {
    const r = new InstanceRegistry();
    r.add(id('d'), 'decode');
    r.observe(id('d'), facts('llama'));
    for (const request of ['req-1', 'req-2']) {
      r.beginDecode(id('d'), request, { contextTokens: 65, remainingTokens: 15 }, 'tenant');
      r.beginLocalPrefill(id('d'), request, { promptTokens: 64, reusedTokens: 0 });
    }
    expect(r.snapshot('decode')[0]?.queuedPrefills).toEqual([
      { promptTokens: 64, reusedTokens: 0 },
      { promptTokens: 64, reusedTokens: 0 },
    ]);
    r.decodedToken(id('d'), 'req-1');
    expect(r.snapshot('decode')[0]?.queuedPrefills).toHaveLength(1);
    r.endDecode(id('d'), 'req-2', 'tenant');
    expect(r.snapshot('decode')[0]?.queuedPrefills).toEqual([]);
    expect(r.snapshot('decode')[0]?.decodeBatch).toHaveLength(1);
  });

  it('ignores an id it does not know', () => {
    const r = new InstanceRegistry();
    expect(() => r.remove(id('nobody'))).not.toThrow();
    expect(r.states()).toEqual([]);
  });
});
