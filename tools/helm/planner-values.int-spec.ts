import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary } from './helm.binary';
import { CHART_DIR, helmTemplate, type K8sObject } from './helm.render';
import { flagName, serviceFlags } from './service-flags';

let helm: string;
beforeAll(() => {
  helm = helmBinary();
});

function conductorArgs(objects: readonly K8sObject[]): string[] {
  const workload = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-conductor');
  if (!workload) throw new Error('no conductor rendered');
  return (workload['spec'] as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
}

/** The rules beyond discovery's read access to Pods: the scale subresources, and patch on Pods for the deletion cost. */
const scaleRules = (objects: readonly K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'Role')
    .flatMap((o) => (o['rules'] as { resources: string[]; verbs: string[] }[]))
    .filter((r) => r.resources.some((res) => res.endsWith('/scale')) || r.verbs.includes('patch'));

/** The values files this spec writes, under one directory removed at the end. */
const valuesDir = mkdtempSync(join(tmpdir(), 'tsukimi-planner-values-'));
afterAll(() => rmSync(valuesDir, { recursive: true, force: true }));
let valuesFiles = 0;

function valuesFile(text: string): string {
  const path = join(valuesDir, `values-${valuesFiles++}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('helm/tsukimi planner values', () => {
  it('off by default: no planner flag, no scale RBAC', () => {
    const objects = helmTemplate(helm, CHART_DIR, []);
    expect(conductorArgs(objects).filter((a) => a.startsWith('--planner'))).toEqual([]);
    expect(scaleRules(objects)).toEqual([]);
  });

  it('metrics mode passes the flags and grants nothing more', () => {
    const objects = helmTemplate(helm, CHART_DIR, [valuesFile('planner:\n  enabled: true\n  mode: metrics\n  targetUtilisation: 0.6\n  decode:\n    minReplicas: 2\n    maxReplicas: 5\n')]);
    const args = conductorArgs(objects);
    expect(args).toEqual(expect.arrayContaining(['--planner=metrics', '--planner-decode-min-replicas=2', '--planner-decode-max-replicas=5', '--planner-target-utilisation=0.6', '--planner-prefill-deployment=demo-tsukimi-prefill', '--planner-decode-deployment=demo-tsukimi-decode', '--planner-kvpool-max-replicas=8', '--planner-kvpool-min-hit-ratio-gain=0.02', '--planner-kvpool-statefulset=demo-tsukimi-kvpool-node', '--planner-kvpool-ssd-min-bytes=0', '--planner-kvpool-ssd-max-bytes=1TiB', '--planner-kvpool-ssd-hit-ratio-slack=0.01']));
    expect(scaleRules(objects)).toEqual([]);
  });

  it('scale mode grants get and patch on the scale subresources and patch on pods (deletion cost), and only those; the conductor accepts every planner flag', async () => {
    const objects = helmTemplate(helm, CHART_DIR, [valuesFile('planner:\n  enabled: true\n  mode: scale\n')]);
    const planner = conductorArgs(objects).filter((a) => a.startsWith('--planner'));
    expect(planner).toContain('--planner=scale');
    const accepted = await serviceFlags('conductor');
    expect(planner.map(flagName).filter((flag) => !accepted.has(flag))).toEqual([]);
    expect(scaleRules(objects)).toEqual([
      { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['patch'] },
    ]);
  });

  it('the kvpool SSD bounds and slack reach the conductor as given', () => {
    const objects = helmTemplate(helm, CHART_DIR, [valuesFile('planner:\n  enabled: true\n  kvpool:\n    ssd:\n      minBytes: 4GiB\n      maxBytes: 256GiB\n      hitRatioSlack: 0.02\n')]);
    expect(conductorArgs(objects).filter((a) => a.startsWith('--planner-kvpool-ssd'))).toEqual(['--planner-kvpool-ssd-min-bytes=4GiB', '--planner-kvpool-ssd-max-bytes=256GiB', '--planner-kvpool-ssd-hit-ratio-slack=0.02']);
  });

  it.each([['planner.mode=scale-all'], ['planner.prefill.maxReplicas=0'], ['planner.kvpool.ssd.maxBytes=lots'], ['planner.kvpool.ssd.hitRatioSlack=0.9']])('refuses %s', (set) => {
    expect(() => helmTemplate(helm, CHART_DIR, [], [set])).toThrow(/planner/);
  });
});
