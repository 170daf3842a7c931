import { helmBinary } from './helm.binary';
import { CHART_DIR, helmTemplate, type K8sObject } from './helm.render';

let helm: string;
beforeAll(() => {
  helm = helmBinary();
});

function plannerArgs(objects: readonly K8sObject[]): string[] {
  const workload = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-conductor');
  if (!workload) throw new Error('no conductor rendered');
  const args = (workload['spec'] as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
  return args.filter((a) => a.startsWith('--planner-leader'));
}

/** Every Role rule on coordination.k8s.io leases. */
const leaseRules = (objects: readonly K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'Role')
    .flatMap((o) => (o['rules'] as { apiGroups: string[]; resources: string[] }[]))
    .filter((r) => r.apiGroups.includes('coordination.k8s.io') || r.resources.includes('leases'));

const LEASE_RULES = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['demo-tsukimi-planner-leader'], verbs: ['get', 'update'] },
];

describe('helm/tsukimi planner leader values', () => {
  it('with the planner off: no leader flag and no RBAC on leases', () => {
    const objects = helmTemplate(helm, CHART_DIR, []);
    expect(plannerArgs(objects)).toEqual([]);
    expect(leaseRules(objects)).toEqual([]);
  });

  it('scale mode, leader auto: a Kubernetes Lease named for the release, with create on leases and get and update on that one (planner-values checks that the conductor accepts every planner flag)', () => {
    const objects = helmTemplate(helm, CHART_DIR, [], ['planner.enabled=true', 'planner.mode=scale']);
    const args = plannerArgs(objects);
    expect(args).toEqual(['--planner-leader-lease-ms=15000', '--planner-leader=kubernetes', '--planner-leader-lease-name=demo-tsukimi-planner-leader']);
    expect(leaseRules(objects)).toEqual(LEASE_RULES);
  });

  it.each([
    ['metrics mode, leader auto: the conductor settles redis or none; no lease RBAC', ['planner.mode=metrics'], '--planner-leader=auto', []],
    ['scale mode, leader redis: no lease RBAC', ['planner.mode=scale', 'planner.leader=redis'], '--planner-leader=redis', []],
    ['scale mode, leader none: no lease RBAC', ['planner.mode=scale', 'planner.leader=none'], '--planner-leader=none', []],
    ['metrics mode, leader kubernetes: lease RBAC', ['planner.mode=metrics', 'planner.leader=kubernetes'], '--planner-leader=kubernetes', LEASE_RULES],
  ])('%s', (_, sets, flag, rules) => {
    const objects = helmTemplate(helm, CHART_DIR, [], ['planner.enabled=true', ...sets]);
    expect(plannerArgs(objects)).toContain(flag);
    expect(leaseRules(objects)).toEqual(rules);
  });

  it('refuses an unknown leader', () => {
    expect(() => helmTemplate(helm, CHART_DIR, [], ['planner.enabled=true', 'planner.leader=etcd'])).toThrow(/leader/);
  });
});
