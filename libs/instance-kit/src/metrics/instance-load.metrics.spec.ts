import { Registry } from 'prom-client';
import { Metrics, ReadinessRegistry, ServiceLifecycle, unhealthy, healthy } from '@tsukimi/service-kit';
import { invalidExpositionLines, sampleValue } from '@tsukimi/service-kit/testing';
import { deviceKvBlocks, exportInstanceLoad, type InstanceLoad } from './instance-load.metrics';
import { countPromptTokens, registerPromptTokens } from './prompt-tokens.metrics';

function instance() {
  const lifecycle = new ServiceLifecycle();
  const readiness = new ReadinessRegistry(lifecycle, 100);
  const metrics = new Metrics(new Registry());
  const scrape = async () => (await metrics.sample(), metrics.registry.metrics());
  return { lifecycle, readiness, metrics, scrape };
}

const idle: InstanceLoad = { queueDepth: 0, batchSize: 0, activeSequences: 0 };
const emptyArena = { arenaStats: () => ({ capacityBlocks: 8, inUseBlocks: 0, cachedBlocks: 0, freeBlocks: 8 }) };

describe('exportInstanceLoad', () => {
  it('reads the load at each scrape, labelled with the role', async () => {
    const { metrics, readiness, scrape } = instance();
    let load = idle;
    let arena = emptyArena.arenaStats();
    exportInstanceLoad(metrics, readiness, 'decode', { arenaStats: () => arena }, () => load);
    expect(sampleValue(await scrape(), 'tsukimi_instance_queue_depth{role="decode"}')).toBe(0);
    load = { queueDepth: 3, batchSize: 2, activeSequences: 5 };
    arena = { capacityBlocks: 8, inUseBlocks: 5, cachedBlocks: 2, freeBlocks: 1 };
    const text = await scrape();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(
      ['queue_depth', 'batch_size', 'active_sequences', 'kv_used_blocks', 'kv_cached_blocks', 'kv_free_blocks'].map((name) => sampleValue(text, `tsukimi_instance_${name}{role="decode"}`)),
    ).toEqual([3, 2, 5, 5, 2, 1]);
  });

  it('reads ready exactly when /readyz would: serving and every check up', async () => {
    const { metrics, readiness, lifecycle, scrape } = instance();
    let modelLoaded = true;
    readiness.register('model', () => (modelLoaded ? healthy() : unhealthy('not loaded')));
    exportInstanceLoad(metrics, readiness, 'prefill', emptyArena, () => idle);
    const ready = async () => sampleValue(await scrape(), 'tsukimi_instance_ready{role="prefill"}');
    expect(await ready()).toBe(0);
    lifecycle.markServing();
    expect(await ready()).toBe(1);
    modelLoaded = false;
    expect(await ready()).toBe(0);
    modelLoaded = true;
    lifecycle.beginDrain();
    expect(await ready()).toBe(0);
  });
});

describe('deviceKvBlocks', () => {
  const arena = { capacityBlocks: 10, inUseBlocks: 4, cachedBlocks: 3, freeBlocks: 3 };
  it.each([
    ['the arena alone, where running sequences hold arena blocks (reference engine)', undefined, { usedBlocks: 4, cachedBlocks: 3, freeBlocks: 3 }],
    ['the arena and the context cells running sequences fill (llama.cpp)', { capacityBlocks: 64, inUseBlocks: 5 }, { usedBlocks: 9, cachedBlocks: 3, freeBlocks: 62 }],
  ])('counts %s', (_name, context, expected) => {
    const blocks = deviceKvBlocks({ arenaStats: () => arena, ...(context ? { contextStats: () => context } : {}) });
    expect(blocks).toEqual(expected);
    expect(blocks.usedBlocks + blocks.cachedBlocks + blocks.freeBlocks).toBe(arena.capacityBlocks + (context?.capacityBlocks ?? 0));
  });
});

describe('countPromptTokens', () => {
  it('starts every tier at 0 and adds computed and reused tokens by role and tier', async () => {
    const { metrics, scrape } = instance();
    registerPromptTokens(metrics, 'decode');
    expect(sampleValue(await scrape(), 'tsukimi_instance_reused_tokens_total{role="decode",tier="ssd"}')).toBe(0);
    countPromptTokens(metrics, 'decode', 7, { device: 16, dram: 32, ssd: 0 });
    countPromptTokens(metrics, 'decode', 3, { device: 0, dram: 16, ssd: 48 });
    const text = await scrape();
    expect(sampleValue(text, 'tsukimi_instance_computed_tokens_total{role="decode"}')).toBe(10);
    expect(['device', 'dram', 'ssd'].map((tier) => sampleValue(text, `tsukimi_instance_reused_tokens_total{role="decode",tier="${tier}"}`))).toEqual([16, 48, 48]);
  });
});
