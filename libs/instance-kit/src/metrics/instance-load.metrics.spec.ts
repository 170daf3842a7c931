import { Registry } from 'prom-client';
import { Metrics, ReadinessRegistry, ServiceLifecycle, invalidExpositionLines, sampleValue, unhealthy, healthy } from '@tsukimi/service-kit';
import { exportInstanceLoad, type InstanceLoad } from './instance-load.metrics';
import { countPromptTokens, registerPromptTokens } from './prompt-tokens.metrics';

function instance() {
  const lifecycle = new ServiceLifecycle();
  const readiness = new ReadinessRegistry(lifecycle, 100);
  const metrics = new Metrics(new Registry());
  const scrape = async () => (await metrics.sample(), metrics.registry.metrics());
  return { lifecycle, readiness, metrics, scrape };
}

const idle: InstanceLoad = { queueDepth: 0, batchSize: 0, activeSequences: 0, kv: { capacityBlocks: 8, inUseBlocks: 0, cachedBlocks: 0, freeBlocks: 8 } };

describe('exportInstanceLoad', () => {
  it('reads the load at each scrape, labelled with the role', async () => {
    const { metrics, readiness, scrape } = instance();
    let load = idle;
    exportInstanceLoad(metrics, readiness, 'decode', () => load);
    expect(sampleValue(await scrape(), 'tsukimi_instance_queue_depth{role="decode"}')).toBe(0);
    load = { queueDepth: 3, batchSize: 2, activeSequences: 5, kv: { capacityBlocks: 8, inUseBlocks: 5, cachedBlocks: 2, freeBlocks: 1 } };
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
    exportInstanceLoad(metrics, readiness, 'prefill', () => idle);
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
