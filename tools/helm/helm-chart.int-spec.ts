import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary } from './helm.binary';
import { CHART_DIR, helmLint, helmTemplate, type K8sObject } from './helm.render';
import { validateObject } from './k8s.validate';
import { flagName, serviceFlags } from './service-flags';

const ci = (name: string): string => join(CHART_DIR, 'ci', `${name}-values.yaml`);
const VALUES = { minimal: ci('minimal'), production: ci('production'), llamacpp: ci('llamacpp-gpu') };
/** Every kvpool master's stable address, as instances, storage nodes and a static conductor get them. */
const MASTERS = 'demo-tsukimi-kvpool-master-0.demo-tsukimi-kvpool-masters:50060,demo-tsukimi-kvpool-master-1.demo-tsukimi-kvpool-masters:50060';

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }[];
  resources?: { limits?: Record<string, unknown> };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  startupProbe?: { httpGet?: { path: string; port: string } };
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  initContainers?: Container[];
  containers: Container[];
  volumes?: Record<string, unknown>[];
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: unknown;
}

function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
const spec = (o: K8sObject): Record<string, any> => o['spec'] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const podOf = (o: K8sObject): PodSpec => spec(o)['template']['spec'] as PodSpec;
const containerOf = (o: K8sObject): Container => podOf(o).containers[0]!;
const argsOf = (o: K8sObject): string[] => containerOf(o).args ?? [];

let helm: string;
const rendered: Record<keyof typeof VALUES | 'defaults', K8sObject[]> = { defaults: [], minimal: [], production: [], llamacpp: [] };

beforeAll(() => {
  helm = helmBinary();
  rendered.defaults = helmTemplate(helm, CHART_DIR, []);
  for (const [name, file] of Object.entries(VALUES)) rendered[name as keyof typeof VALUES] = helmTemplate(helm, CHART_DIR, [file]);
});

describe('helm/tsukimi', () => {
  it.each(Object.entries({ defaults: undefined, ...VALUES }))('lints with %s values', (_name, file) => {
    expect(helmLint(helm, CHART_DIR, file ? [file] : [])).toContain('0 chart(s) failed');
  });

  it.each(['defaults', 'minimal', 'production', 'llamacpp'] as const)('renders only valid objects with %s values', (name) => {
    const objects = rendered[name];
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap(validateObject)).toEqual([]);
  });

  it('rejects values outside the schema', () => {
    expect(() => helmTemplate(helm, CHART_DIR, [], ['engine=gpt'])).toThrow(/engine/);
    expect(() => helmTemplate(helm, CHART_DIR, [], ['llamacpp.gpu=metal'])).toThrow(/gpu/);
  });

  it.each([
    ['conductor', 'dist/apps/conductor/src/main.js', 'demo-tsukimi-conductor'],
    ['prefill', 'dist/apps/prefill/src/main.js', 'demo-tsukimi'],
    ['decode', 'dist/apps/decode/src/main.js', 'demo-tsukimi'],
  ])('gives the %s the shared shape: command, startup, readiness and liveness probes, grace, PDB', (component, main, serviceAccount) => {
    const deployment = find(rendered.production, 'Deployment', `demo-tsukimi-${component}`);
    const pod = podOf(deployment);
    const container = containerOf(deployment);
    expect((container as unknown as { command: string[] }).command).toEqual(['node', main]);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(pod.serviceAccountName).toBe(serviceAccount);
    const flagMs = (flag: string) => Number(argsOf(deployment).find((a) => a.startsWith(`${flag}=`))?.split('=')[1] ?? 0);
    // A prefill instance hands its engine's blocks to the pool after its requests drain: the grace covers both.
    expect(pod.terminationGracePeriodSeconds).toBe(Math.ceil((flagMs('--shutdown-timeout-ms') + flagMs('--drain-handover-ms')) / 1000) + 5);
    const pdb = find(rendered.production, 'PodDisruptionBudget', `demo-tsukimi-${component}`);
    expect(spec(pdb)['selector']).toEqual(spec(deployment)['selector']);
  });

  // Starts the four services (to print their --help) on shared cores, hence the longer timeout.
  it('passes each service only flags it accepts', async () => {
    const apps = ['conductor', 'prefill', 'decode', 'kvpool'];
    const accepted = new Map(await Promise.all(apps.map(async (app) => [app, await serviceFlags(app)] as const)));
    const staticDiscovery = helmTemplate(helm, CHART_DIR, [], ['conductor.discovery=static']);
    const unknown = [...Object.values(rendered), staticDiscovery].flat().flatMap((o) => {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return [];
      const container = containerOf(o) as Container & { command?: string[] };
      const app = /^dist\/apps\/([a-z]+)\/src\/main\.js$/.exec(container.command?.at(-1) ?? '')?.[1];
      if (app === undefined) return [];
      return (container.args ?? []).filter((arg) => !accepted.get(app)!.has(flagName(arg))).map((arg) => `${o.metadata.name}: ${arg}`);
    });
    expect(accepted.get('conductor')!.has('--discovery')).toBe(true);
    expect(unknown).toEqual([]);
  }, 120_000);

  it('passes each value to the flag of the same meaning', () => {
    const objects = rendered.production;
    expect(argsOf(find(objects, 'Deployment', 'demo-tsukimi-conductor'))).toEqual(
      expect.arrayContaining([
        '--shutdown-timeout-ms=45000',
        '--admission=predictive',
        '--served-model-name=tsukimi-chat',
        '--warm-copies=2',
        '--wait-for-inflight-prefix=true',
        '--inflight-wait-max-ms=5000',
        '--log-level=warn',
      ]),
    );
    expect(spec(find(objects, 'Deployment', 'demo-tsukimi-prefill'))['replicas']).toBe(4);
    expect(podOf(find(objects, 'Deployment', 'demo-tsukimi-prefill')).terminationGracePeriodSeconds).toBe(75);
    expect(podOf(find(objects, 'Deployment', 'demo-tsukimi-prefill')).nodeSelector).toEqual({ 'tsukimi.dev/pool': 'prefill' });
    expect(argsOf(find(objects, 'Deployment', 'demo-tsukimi-decode'))).toEqual(expect.arrayContaining(['--tbt-slo-ms=150', '--model-path=/models/llama-3-8b.f16.gguf', '--drain-handover-ms=10000']));
    expect(spec(find(objects, 'PodDisruptionBudget', 'demo-tsukimi-decode'))['maxUnavailable']).toBe(2);
    expect(spec(find(objects, 'Service', 'demo-tsukimi-conductor'))['type']).toBe('LoadBalancer');
    expect(containerOf(find(objects, 'Deployment', 'demo-tsukimi-conductor')).resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  it('gives the conductor its tenant limits: flags, the tenants\' file from a ConfigMap, and the shared Redis from the kvpool\'s Secret', () => {
    const conductor = find(rendered.production, 'Deployment', 'demo-tsukimi-conductor');
    expect(argsOf(conductor)).toEqual(
      expect.arrayContaining([
        '--tenant-requests-per-minute=600',
        '--tenant-tokens-per-minute=400000',
        '--tenant-max-concurrent=16',
        '--tenant-limits-file=/etc/tsukimi/tenant-limits/limits.json',
        '--redis-prefix=tsukimi:rl:',
      ]),
    );
    const limits = find(rendered.production, 'ConfigMap', 'demo-tsukimi-tenant-limits') as K8sObject & { data: Record<string, string> };
    expect(JSON.parse(limits.data['limits.json']!)).toEqual({ tenants: { acme: { requestsPerMinute: 3000, maxConcurrent: 64 } } });
    expect(containerOf(conductor).env).toEqual(
      expect.arrayContaining([{ name: 'TSUKIMI_CONDUCTOR_REDIS_URL', valueFrom: { secretKeyRef: { name: 'demo-tsukimi-redis-url', key: 'url' } } }]),
    );
    // No limits by default: no flags, no Redis.
    const plain = find(rendered.defaults, 'Deployment', 'demo-tsukimi-conductor');
    expect(argsOf(plain).filter((a) => a.startsWith('--tenant-') || a.startsWith('--redis-'))).toEqual([]);
    expect(containerOf(plain).env ?? []).toEqual([]);
  });

  it('lets the conductor discover instances by Pod labels, and only the conductor read the API', () => {
    const objects = rendered.defaults;
    const conductor = find(objects, 'Deployment', 'demo-tsukimi-conductor');
    const selector = (component: string): string => `app.kubernetes.io/name=tsukimi,app.kubernetes.io/instance=demo,app.kubernetes.io/component=${component}`;
    expect(argsOf(conductor)).toEqual(
      expect.arrayContaining([
        '--discovery=kubernetes',
        '--discovery-namespace=serving',
        `--prefill-selector=${selector('prefill')}`,
        `--decode-selector=${selector('decode')}`,
        `--kvpool-selector=${selector('kvpool-master')}`,
      ]),
    );
    // The masters come from discovery too, not from a fixed list.
    expect(argsOf(conductor).filter((a) => a.startsWith('--kvpool-address'))).toEqual([]);
    for (const [kind, component] of [['Deployment', 'prefill'], ['Deployment', 'decode'], ['StatefulSet', 'kvpool-master']]) {
      // Discovery dials the port named grpc (the conductor's --instance-grpc-port and --kvpool-grpc-port default).
      expect((containerOf(find(objects, kind!, `demo-tsukimi-${component}`)) as unknown as { ports: { name: string }[] }).ports.map((p) => p.name)).toContain('grpc');
      const labels = spec(find(objects, kind!, `demo-tsukimi-${component}`))['template']['metadata']['labels'] as Record<string, string>;
      for (const pair of selector(component!).split(',')) expect(labels[pair.split('=')[0]!]).toBe(pair.split('=')[1]);
    }
    expect(podOf(conductor).automountServiceAccountToken).toBe(true);
    const others = objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o !== conductor);
    expect(others.map((o) => [o.metadata.name, podOf(o).automountServiceAccountToken])).toEqual(others.map((o) => [o.metadata.name, false]));
  });

  it('renders static addresses from the Services when discovery is static', () => {
    const args = argsOf(helmTemplate(helm, CHART_DIR, [], ['conductor.discovery=static']).find((o) => o.metadata.name === 'demo-tsukimi-conductor' && o.kind === 'Deployment')!);
    expect(args).toEqual(expect.arrayContaining(['--prefill=demo-tsukimi-prefill:50061', '--decode=demo-tsukimi-decode:50062', `--kvpool-address=${MASTERS}`]));
    expect(args.filter((a) => a.startsWith('--discovery') || a.startsWith('--kvpool-selector'))).toEqual([]);
  });

  it('grants exactly get, list and watch on pods, bound to the conductor', () => {
    const objects = rendered.defaults;
    expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((o) => o.metadata.name)).toEqual(['demo-tsukimi-conductor']);
    expect(find(objects, 'Role', 'demo-tsukimi-conductor')['rules']).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(objects, 'RoleBinding', 'demo-tsukimi-conductor');
    expect(binding['roleRef']).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'demo-tsukimi-conductor' });
    expect(binding['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'demo-tsukimi-conductor', namespace: 'serving' }]);
  });

  it('runs a leader and a standby master on Redis metadata, the Service following the Ready leader', () => {
    const master = find(rendered.defaults, 'StatefulSet', 'demo-tsukimi-kvpool-master');
    expect(spec(master)['replicas']).toBe(2);
    // A standby is never Ready: neither start-up nor updates may wait for it to be.
    expect(spec(master)['podManagementPolicy']).toBe('Parallel');
    expect(spec(master)['updateStrategy']).toEqual({ type: 'OnDelete' });
    expect(containerOf(master).readinessProbe?.httpGet?.path).toBe('/readyz');
    expect((containerOf(master) as unknown as { command: string[] }).command.at(-1)).toBe('dist/apps/kvpool/src/main.js');
    expect(argsOf(master)).toEqual(expect.arrayContaining(['--role=master', '--metadata=redis', '--redis-prefix=tsukimi:kv:', '--leader-lease-ttl-ms=10000']));
    expect(containerOf(master).env).toContainEqual({ name: 'TSUKIMI_KVPOOL_REDIS_URL', valueFrom: { secretKeyRef: { name: 'demo-tsukimi-redis-url', key: 'url' } } });
  });

  it('gives every master a stable name under a headless Service that publishes standbys too, beside the Service for clients', () => {
    const objects = rendered.defaults;
    const master = find(objects, 'StatefulSet', 'demo-tsukimi-kvpool-master');
    expect(spec(master)['serviceName']).toBe('demo-tsukimi-kvpool-masters');
    const headless = spec(find(objects, 'Service', 'demo-tsukimi-kvpool-masters'));
    expect(headless['clusterIP']).toBe('None');
    expect(headless['publishNotReadyAddresses']).toBe(true);
    expect(headless['selector']).toEqual(spec(master)['selector']['matchLabels']);
    expect(headless['ports']).toEqual([{ name: 'grpc', port: 50060, targetPort: 'grpc', protocol: 'TCP' }]);
    const clients = spec(find(objects, 'Service', 'demo-tsukimi-kvpool-master'));
    expect(clients['clusterIP']).toBeUndefined();
    expect(clients['publishNotReadyAddresses']).toBeUndefined();
    expect(clients['selector']).toEqual(spec(master)['selector']['matchLabels']);
  });

  it.each([
    ['defaults', [], MASTERS],
    ['one master', ['kvpool.master.replicas=1'], 'demo-tsukimi-kvpool-master-0.demo-tsukimi-kvpool-masters:50060'],
    [
      'three masters on another port',
      ['kvpool.master.replicas=3', 'kvpool.grpcPort=7000'],
      [0, 1, 2].map((i) => `demo-tsukimi-kvpool-master-${i}.demo-tsukimi-kvpool-masters:7000`).join(','),
    ],
  ])('gives instances and storage nodes every master\'s stable address (%s)', (_name, set, addresses) => {
    const objects = set.length === 0 ? rendered.defaults : helmTemplate(helm, CHART_DIR, [], set);
    expect(spec(find(objects, 'StatefulSet', 'demo-tsukimi-kvpool-master'))['replicas']).toBe(addresses.split(',').length);
    expect(argsOf(find(objects, 'Deployment', 'demo-tsukimi-prefill'))).toContain(`--kvpool-address=${addresses}`);
    expect(argsOf(find(objects, 'Deployment', 'demo-tsukimi-decode'))).toContain(`--kvpool-address=${addresses}`);
    expect(argsOf(find(objects, 'StatefulSet', 'demo-tsukimi-kvpool-node'))).toContain(`--master-address=${addresses}`);
  });

  it.each([
    ['bundled', 'defaults', 'redis://demo-tsukimi-redis:6379/0', true],
    ['external', 'production', 'redis://redis.platform.svc.cluster.local:6379/3', false],
  ] as const)('wires %s Redis into the masters', (_kind, values, url, bundled) => {
    const objects = rendered[values];
    expect(find(objects, 'Secret', 'demo-tsukimi-redis-url')['stringData']).toEqual({ url });
    expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-redis')).toBe(bundled);
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'demo-tsukimi-redis')).toBe(bundled);
  });

  it('keeps storage nodes in a StatefulSet with an SSD claim each', () => {
    const nodes = find(rendered.production, 'StatefulSet', 'demo-tsukimi-kvpool-node');
    expect(spec(nodes)['replicas']).toBe(3);
    expect(spec(nodes)['volumeClaimTemplates']).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'ssd' }), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-nvme', resources: { requests: { storage: '200Gi' } } } }),
    ]);
    expect(argsOf(nodes)).toEqual(
      expect.arrayContaining(['--role=node', `--master-address=${MASTERS}`, '--dram-bytes=16GiB', '--ssd-dir=/var/lib/tsukimi/ssd', '--ssd-bytes=180GiB', '--data-port=50070']),
    );
    expect(containerOf(nodes).env).toContainEqual({ name: 'TSUKIMI_KVPOOL_ADVERTISE_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    expect(spec(find(rendered.production, 'Service', 'demo-tsukimi-kvpool-node'))['clusterIP']).toBe('None');
    const minimal = find(rendered.minimal, 'StatefulSet', 'demo-tsukimi-kvpool-node');
    expect(spec(minimal)['volumeClaimTemplates']).toBeUndefined();
    expect(argsOf(minimal).filter((a) => a.startsWith('--ssd'))).toEqual([]);
  });

  it('runs llama.cpp with its options and a GPU per instance', () => {
    for (const component of ['prefill', 'decode']) {
      const deployment = find(rendered.llamacpp, 'Deployment', `demo-tsukimi-${component}`);
      expect(argsOf(deployment)).toEqual(
        expect.arrayContaining(['--engine=llamacpp', '--gpu=cuda', '--context-tokens=8192', '--sequences=16', '--flash-attention', '--model-path=/models/qwen2.5-0.5b-instruct-q8_0.gguf']),
      );
      expect(containerOf(deployment).resources?.limits).toEqual(expect.objectContaining({ 'nvidia.com/gpu': 1 }));
      const reference = find(rendered.defaults, 'Deployment', `demo-tsukimi-${component}`);
      expect(argsOf(reference)).toContain('--engine=reference');
      expect(argsOf(reference).filter((a) => a.startsWith('--gpu'))).toEqual([]);
      expect(containerOf(reference).resources).toBeUndefined();
    }
  });

  it.each([
    ['pvc', 'defaults', { name: 'model', persistentVolumeClaim: { claimName: 'tsukimi-models', readOnly: true } }, 0],
    ['hostPath', 'production', { name: 'model', hostPath: { path: '/srv/models', type: 'Directory' } }, 0],
    ['url', 'llamacpp', { name: 'model', emptyDir: { sizeLimit: '2Gi' } }, 1],
  ] as const)('mounts the model from a %s', (_source, values, volume, initContainers) => {
    const pod = podOf(find(rendered[values], 'Deployment', 'demo-tsukimi-prefill'));
    expect(pod.volumes).toContainEqual(volume);
    expect(pod.initContainers ?? []).toHaveLength(initContainers);
    if (initContainers) expect(pod.initContainers![0]!.args ?? (pod.initContainers![0] as unknown as { command: string[] }).command).toContain('https://models.example.com/qwen2.5-0.5b-instruct-q8_0.gguf');
  });

  it('renders monitoring objects only when asked', () => {
    const kinds = (objects: readonly K8sObject[]): string[] => objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/')).map((o) => o.kind);
    expect(kinds(rendered.defaults)).toEqual([]);
    expect(kinds(rendered.production).sort()).toEqual(['PodMonitor', 'PrometheusRule', 'ServiceMonitor']);
    expect(find(rendered.production, 'ServiceMonitor', 'demo-tsukimi').metadata.labels).toEqual(expect.objectContaining({ release: 'prometheus' }));
  });

  describe('dashboards', () => {
    let chart: string;
    beforeEach(() => {
      chart = join(mkdtempSync(join(tmpdir(), 'tsukimi-chart-')), 'tsukimi');
      cpSync(CHART_DIR, chart, { recursive: true });
      // The real dashboards land in this folder over time; each case starts from none.
      for (const file of readdirSync(join(chart, 'dashboards'))) if (file.endsWith('.json')) rmSync(join(chart, 'dashboards', file));
    });
    afterEach(() => rmSync(join(chart, '..'), { recursive: true, force: true }));

    it('renders no ConfigMap while the dashboards folder holds no JSON', () => {
      expect(existsSync(join(chart, 'templates', 'dashboards.yaml'))).toBe(true);
      expect(helmTemplate(helm, chart, []).filter((o) => o.kind === 'ConfigMap')).toEqual([]);
    });

    it('puts every dashboard JSON into one ConfigMap the Grafana sidecar loads', () => {
      writeFileSync(join(chart, 'dashboards', 'slo.json'), '{"title": "SLO"}\n');
      writeFileSync(join(chart, 'dashboards', 'kv-pool.json'), '{"title": "KV pool", "panels": []}\n');
      const [configMap, ...more] = helmTemplate(helm, chart, []).filter((o) => o.kind === 'ConfigMap');
      expect(more).toEqual([]);
      expect(configMap!.metadata.labels).toEqual(expect.objectContaining({ grafana_dashboard: '1' }));
      expect(configMap!['data']).toEqual({ 'kv-pool.json': '{"title": "KV pool", "panels": []}', 'slo.json': '{"title": "SLO"}' });
      expect(validateObject(configMap!)).toEqual([]);
    });
  });
});
