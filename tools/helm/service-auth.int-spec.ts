import { helmBinary } from './helm.binary';
import { helmTemplateValues, type K8sObject } from './helm.render';

interface PodSpec {
  containers: { args: string[]; volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: { name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[];
}

const FLAG = '--service-token-file';
const WORKLOADS = ['conductor', 'prefill', 'decode', 'kvpool-master', 'kvpool-node'];

let helm: string;
beforeAll(() => {
  helm = helmBinary();
});

const render = (values: string): K8sObject[] => helmTemplateValues(helm, 'service-auth', values);

function podSpec(objects: readonly K8sObject[], component: string): PodSpec {
  const workload = objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === `demo-tsukimi-${component}`);
  if (!workload) throw new Error(`no ${component} workload rendered`);
  return (workload['spec'] as { template: { spec: PodSpec } }).template.spec;
}

/** Where the flag points, as [Secret name, key] of the mounted Secret file; undefined without the flag. */
function tokenSource(pod: PodSpec): [string, string] | undefined {
  const arg = pod.containers[0]!.args.find((a) => a.startsWith(`${FLAG}=`));
  if (arg === undefined) return undefined;
  const file = arg.slice(FLAG.length + 1);
  for (const mount of pod.containers[0]!.volumeMounts ?? []) {
    const volume = pod.volumes?.find((v) => v.name === mount.name);
    const item = volume?.secret?.items.find((i) => `${mount.mountPath}/${i.path}` === file);
    if (volume?.secret && item) return [volume.secret.secretName, item.key];
  }
  throw new Error(`${file} is on no mounted Secret`);
}

const scrapeAuthorization = (objects: readonly K8sObject[], kind: string, endpoints: string) =>
  ((objects.find((o) => o.kind === kind)?.['spec'] as Record<string, { authorization?: unknown }[]> | undefined)?.[endpoints] ?? [])[0]?.authorization;

describe('the chart\'s service token', () => {
  it('is created once, random, and mounted by every workload, and sent by the ServiceMonitor and PodMonitor', () => {
    const objects = render('metrics:\n  serviceMonitor: { enabled: true }\n  podMonitor: { enabled: true }\n');
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'demo-tsukimi-service-token');
    const token = Buffer.from((secret?.['data'] as Record<string, string>)['tokens'] ?? '', 'base64').toString();
    expect(token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(WORKLOADS.map((component) => [component, tokenSource(podSpec(objects, component))])).toEqual(WORKLOADS.map((component) => [component, ['demo-tsukimi-service-token', 'tokens']]));
    const sent = { type: 'Bearer', credentials: { name: 'demo-tsukimi-service-token', key: 'tokens' } };
    expect([scrapeAuthorization(objects, 'ServiceMonitor', 'endpoints'), scrapeAuthorization(objects, 'PodMonitor', 'podMetricsEndpoints')]).toEqual([sent, sent]);
  });

  it('comes from an existing Secret when named, with the scrape token under a key of its own', () => {
    const objects = render('serviceAuth: { existingSecret: mine, secretKey: file, scrapeSecretKey: scrape }\nmetrics:\n  serviceMonitor: { enabled: true }\n');
    expect(objects.filter((o) => o.kind === 'Secret' && o.metadata.name.endsWith('service-token'))).toEqual([]);
    expect(WORKLOADS.map((component) => tokenSource(podSpec(objects, component)))).toEqual(WORKLOADS.map(() => ['mine', 'file']));
    expect(scrapeAuthorization(objects, 'ServiceMonitor', 'endpoints')).toEqual({ type: 'Bearer', credentials: { name: 'mine', key: 'scrape' } });
  });

  it('is left out everywhere when turned off', () => {
    const objects = render('serviceAuth: { enabled: false }\nmetrics:\n  serviceMonitor: { enabled: true }\n');
    expect(WORKLOADS.map((component) => tokenSource(podSpec(objects, component)))).toEqual(WORKLOADS.map(() => undefined));
    expect(scrapeAuthorization(objects, 'ServiceMonitor', 'endpoints')).toBeUndefined();
  });
});
