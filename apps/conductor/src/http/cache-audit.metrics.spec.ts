import { type BlockKey } from '@tsukimi/kv-block';
import { InstanceRegistry, ReuseAudit } from '@tsukimi/conductor';
import { instanceId } from '@tsukimi/scheduler';
import { Metrics } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { Registry } from 'prom-client';
import { cacheAuditEvents, sampleCacheTrust } from './cache-audit.metrics';

const keys = ['k0', 'k1', 'k2'] as BlockKey[];
const salted = ['s0', 's1', 's2'] as BlockKey[];
const predicted = { device: 32, dram: 16, ssd: 0 };

/** A real audit wired to the real metrics and a recording logger. */
function audited() {
  const registry = new Registry();
  const metrics = new Metrics(registry);
  const logger = new RecordingLogger();
  const instances = new InstanceRegistry();
  for (const id of ['p1', 'p2']) instances.add(instanceId(id), 'prefill');
  instances.add(instanceId('d1'), 'decode');
  const audit = new ReuseAudit({ trust: { windowRequests: 4, shortfallRequests: 2, minReuseRatio: 0.5, retrustRequests: 2, probeIntervalMs: 1000 }, ignoreUntrusted: true }, () => 0, cacheAuditEvents(metrics, () => logger));
  sampleCacheTrust(metrics, instances, audit);
  const request = (instance: string, instanceKeys: readonly BlockKey[], reused: typeof predicted) => audit.record(instance, predicted, reused, () => ({ conductorKeys: keys, instanceKeys, modelDiffers: false }));
  const value = async (name: string, labels: Record<string, string>) => {
    await metrics.sample();
    // A histogram's _count and _sum are values of the histogram, named by their metricName.
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_(count|sum)$/, ''));
    const values = (metric?.values ?? []) as readonly { value: number; labels: Partial<Record<string, string | number>>; metricName?: string }[];
    return values.find((v) => (v.metricName ?? metric?.name) === name && Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  };
  return { logger, request, value, instances, registry };
}

describe('cacheAuditEvents', () => {
  it('exports the shortfall and trust, and logs once why an instance went untrusted and when it came back', async () => {
    const a = audited();
    a.request('p2', keys, predicted);
    a.request('p1', salted, { device: 48, dram: 0, ssd: 0 });
    a.request('p1', salted, { device: 0, dram: 0, ssd: 0 });
    a.request('p1', salted, { device: 0, dram: 0, ssd: 0 });
    expect(await a.value('tsukimi_conductor_instance_cache_trusted', { instance: 'p1' })).toBe(0);
    expect(await a.value('tsukimi_conductor_instance_cache_trusted', { instance: 'p2' })).toBe(1);
    expect(await a.value('tsukimi_conductor_cache_trust_transitions_total', { instance: 'p1', outcome: 'untrusted', reason: 'salt' })).toBe(1);
    expect(await a.value('tsukimi_conductor_predicted_cached_tokens_total', { instance: 'p1', tier: 'dram' })).toBe(48);
    expect(await a.value('tsukimi_conductor_reuse_shortfall_tokens_total', { instance: 'p1', tier: 'device' })).toBe(64);
    expect(await a.value('tsukimi_conductor_reuse_shortfall_tokens_total', { instance: 'p1', tier: 'dram' })).toBe(48);
    expect(await a.value('tsukimi_conductor_reuse_shortfall_tokens_count', { instance: 'p1' })).toBe(3);
    expect(await a.value('tsukimi_conductor_reuse_shortfall_tokens_sum', { instance: 'p1' })).toBe(96);
    const untrusted = a.logger.records.filter((r) => r.level === 'warn');
    expect(untrusted).toHaveLength(1);
    expect(untrusted[0]!.fields).toEqual(expect.objectContaining({ instance: 'p1', cause: 'salt', requests: 2, shortfalls: 2, predictedTokens: 96, reusedTokens: 48, hint: expect.stringContaining('salt') }));
    a.request('p1', keys, predicted);
    a.request('p1', keys, predicted);
    expect(await a.value('tsukimi_conductor_instance_cache_trusted', { instance: 'p1' })).toBe(1);
    expect(await a.value('tsukimi_conductor_cache_trust_transitions_total', { instance: 'p1', outcome: 'trusted', reason: 'predictions-match' })).toBe(1);
    expect(a.logger.records.filter((r) => r.level === 'info').map((r) => r.fields['instance'])).toEqual(['p1']);
  });

  it('samples the trust of every prefill instance known, from the start, and drops instances gone', async () => {
    const a = audited();
    expect(await a.value('tsukimi_conductor_instance_cache_trusted', { instance: 'p2' })).toBe(1);
    a.instances.remove(instanceId('p2'));
    const series = async () => ((await a.registry.getMetricsAsJSON()).find((m) => m.name === 'tsukimi_conductor_instance_cache_trusted')?.values ?? []).map((v) => v.labels['instance']);
    expect(await a.value('tsukimi_conductor_instance_cache_trusted', { instance: 'p1' })).toBe(1);
    expect(await series()).toEqual(['p1']);
  });
});
