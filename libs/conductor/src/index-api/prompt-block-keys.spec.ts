import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { instanceId } from '@tsukimi/scheduler';
import { type InstanceFacts } from '../instance-facts';
import { InstanceRegistry } from '../instance.registry';
import { BYTE_TOKENIZER_ID } from '../model/model-language';
import { ModelCatalog } from '../model/model.catalog';
import { PromptBlockKeys } from './prompt-block-keys';

const FACTS: InstanceFacts = {
  reportedId: 'p0',
  modelId: 'tiny',
  modelHash: 'h',
  blockSizeTokens: 4,
  tokenizerId: BYTE_TOKENIZER_ID,
  contextTokens: 2048,
  hashScheme: 'xxh3-chain-v1',
  arenaCapacityBlocks: 64,
  blockBytes: 1024,
  draining: false,
};

/** The keys an instance computes for `tokens` of the tiny model under `tenantSalt`: the oracle. */
const instanceKeys = (tokens: readonly number[], tenantSalt: string) => new BlockKeyHasher(blockHashOptions({ modelId: 'tiny', tenantSalt, blockSizeTokens: 4 })).keys(tokens);
const bytes = (text: string) => [...Buffer.from(text, 'latin1')];

function lookups(servedModelName?: string, described = true): PromptBlockKeys {
  const registry = new InstanceRegistry();
  if (described) {
    registry.add(instanceId('p0'), 'prefill');
    registry.observe(instanceId('p0'), FACTS);
  }
  return new PromptBlockKeys(registry, new ModelCatalog(), servedModelName);
}

describe('PromptBlockKeys', () => {
  it.each([
    ['text', 'hello, block keys'],
    ['token ids', bytes('hello, block keys')],
  ])('keys a prompt given as %s as the instances key its request', (_form, prompt) => {
    const answer = lookups().keysOf('tiny', prompt, { tenantSalt: 'salt-a' });
    expect(answer).toEqual({ ok: true, value: { model: 'tiny', blockSizeTokens: 4, promptTokens: 17, keys: instanceKeys(bytes('hello, block keys'), 'salt-a') } });
  });

  it('keys one prompt differently for two tenants, so neither finds the other\'s blocks', () => {
    const keys = lookups();
    const a = keys.keysOf('tiny', 'shared words here', { tenantSalt: 'salt-a' });
    const b = keys.keysOf('tiny', 'shared words here', { tenantSalt: 'salt-b' });
    if (!a.ok || !b.ok) throw new Error('both are served');
    expect(a.value.keys).toHaveLength(4);
    expect(a.value.keys.filter((key) => b.value.keys.includes(key))).toEqual([]);
  });

  it.each([
    ['a model not served', lookups(), 'other', 'hello', 404, 'model'],
    ['a model id renamed for clients', lookups('public-name'), 'tiny', 'hello', 404, 'model'],
    ['no model described yet', lookups(undefined, false), 'tiny', 'hello', 503, null],
    ['a token id past the vocabulary', lookups(), 'tiny', [1, 2, 99_999], 400, 'prompt'],
  ])('refuses %s', (_name, keys, model, prompt, status, param) => {
    const answer = keys.keysOf(model, prompt, { tenantSalt: 's' });
    expect(answer.ok ? 200 : [answer.error.status, answer.error.body.error.param]).toEqual([status, param]);
  });

  it('gives the block size of a served name, and none for another', () => {
    expect(lookups('public-name').blockSizeTokens('public-name')).toBe(4);
    expect(lookups('public-name').blockSizeTokens('tiny')).toBeUndefined();
  });
});
