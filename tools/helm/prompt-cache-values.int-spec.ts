import { helmBinary } from './helm.binary';
import { CHART_DIR, helmTemplate, type K8sObject } from './helm.render';

let helm: string;
beforeAll(() => {
  helm = helmBinary();
});

interface Container {
  args: string[];
  env?: { name: string }[];
}

function conductor(objects: readonly K8sObject[]): Container {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-conductor');
  if (!deployment) throw new Error('no conductor Deployment rendered');
  return (deployment['spec'] as { template: { spec: { containers: Container[] } } }).template.spec.containers[0]!;
}

/** What of the prompt-cache quota and the shared Redis the conductor is given. */
function shown(set: readonly string[]): string[] {
  const c = conductor(helmTemplate(helm, CHART_DIR, [], set));
  const env = (c.env ?? []).map((e) => e.name).filter((name) => name === 'TSUKIMI_CONDUCTOR_REDIS_URL');
  return [...c.args.filter((a) => a.startsWith('--prompt-cache-quota-byte-seconds=') || a.startsWith('--redis-prefix=')), ...env];
}

describe('helm/tsukimi prompt-cache quota values', () => {
  it.each([
    ['no quota and no rate limits: no Redis', [], []],
    ['a quota: one lease book in the chart\'s Redis', ['conductor.promptCacheQuotaByteSeconds=1000000'], ['--prompt-cache-quota-byte-seconds=1000000', '--redis-prefix=tsukimi:rl:', 'TSUKIMI_CONDUCTOR_REDIS_URL']],
    ['a quota kept per replica', ['conductor.promptCacheQuotaByteSeconds=1000000', 'conductor.rateLimits.sharedInRedis=false'], ['--prompt-cache-quota-byte-seconds=1000000']],
  ])('%s', (_, set, expected) => {
    expect(shown(set)).toEqual(expected);
  });
});
