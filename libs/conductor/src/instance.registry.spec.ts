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
