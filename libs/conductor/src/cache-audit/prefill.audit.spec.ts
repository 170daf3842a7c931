import { type BlockKey } from '@tsukimi/kv-block';
import { instanceId } from '@tsukimi/scheduler';
import { facts } from '../testing/pipeline.cluster';
import { InstanceRegistry } from '../instance.registry';
import { type ProbableCause, type TrustTransition } from './cache-trust.options';
import { auditPrefill } from './prefill.audit';
import { ReuseAudit } from './reuse.audit';

const keys = ['k0', 'k1', 'k2'] as BlockKey[];
const otherKeys = ['o0', 'o1', 'o2'] as BlockKey[];
const predicted = { device: 48, dram: 0, ssd: 0 };
const none = { device: 0, dram: 0, ssd: 0 };

describe('auditPrefill', () => {
  it.each<[string, readonly BlockKey[], string | undefined, string | undefined, ProbableCause]>([
    ['the same keys, nothing reused: a lost cache', keys, undefined, undefined, 'lost-cache'],
    ['other keys from an instance describing the cluster\'s model: a salt', otherKeys, undefined, undefined, 'salt'],
    ['other keys under an adapter', otherKeys, 'sql', undefined, 'adapter'],
    ['other keys from an instance describing other weights: its model identity', otherKeys, undefined, 'other-weights', 'model-identity'],
  ])('%s', (_, instanceKeys, adapter, modelHash, cause) => {
    const registry = new InstanceRegistry();
    const [healthy, broken] = [instanceId('p1'), instanceId('p2')];
    registry.add(healthy, 'prefill');
    registry.add(broken, 'prefill');
    registry.observe(healthy, facts({ reportedId: 'p1' }));
    registry.observe(broken, facts({ reportedId: 'p2', ...(modelHash ? { modelHash } : {}) }));
    const moved: TrustTransition[] = [];
    const audit = new ReuseAudit({ trust: { windowRequests: 2, shortfallRequests: 2, minReuseRatio: 0.5, retrustRequests: 1, probeIntervalMs: 1000 }, ignoreUntrusted: true }, () => 0, { audited: () => undefined, trustMoved: (t) => moved.push(t) });
    const request = { modelId: facts().modelId, ...(adapter ? { adapter } : {}) };
    const first = auditPrefill(audit, registry, request, broken, predicted, keys, { blockKeys: instanceKeys, reused: none });
    const second = auditPrefill(audit, registry, request, broken, predicted, keys, { blockKeys: instanceKeys, reused: none });
    const fine = auditPrefill(audit, registry, request, healthy, predicted, keys, { blockKeys: keys, reused: predicted });
    expect([first, second, fine]).toEqual([
      { predictedTokens: predicted, cacheTrusted: true },
      { predictedTokens: predicted, cacheTrusted: false },
      { predictedTokens: predicted, cacheTrusted: true },
    ]);
    expect(moved.map((t) => [t.instance, t.reason])).toEqual([['p2', cause]]);
    expect(audit.ignoredCaches()).toEqual(new Set(['p2']));
  });

  it('with --cache-trust=false reports an untrusted instance but leaves its cache scored', () => {
    const audit = new ReuseAudit({ trust: { windowRequests: 1, shortfallRequests: 1, minReuseRatio: 0.5, retrustRequests: 1, probeIntervalMs: 1000 }, ignoreUntrusted: false }, () => 0);
    const registry = new InstanceRegistry();
    expect(auditPrefill(audit, registry, { modelId: 'm' }, instanceId('p1'), predicted, keys, { blockKeys: keys, reused: none }).cacheTrusted).toBe(false);
    expect(audit.ignoredCaches().size).toBe(0);
  });
});
