import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { isJsonObject } from '@tsukimi/result';
import { type K8sObject } from './helm.render';

interface Validating {
  validate(): void;
}

/** The built-in kinds the chart renders, each checked against the Kubernetes OpenAPI schema. */
const BUILT_IN: Record<string, (object: K8sObject) => Validating> = {
  'apps/v1/Deployment': (o) => new Deployment(o as never),
  'apps/v1/StatefulSet': (o) => new StatefulSet(o as never),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o as never),
  'rbac.authorization.k8s.io/v1/Role': (o) => new Role(o as never),
  'rbac.authorization.k8s.io/v1/RoleBinding': (o) => new RoleBinding(o as never),
  'v1/ConfigMap': (o) => new ConfigMap(o as never),
  'v1/Secret': (o) => new Secret(o as never),
  'v1/Service': (o) => new Service(o as never),
  'v1/ServiceAccount': (o) => new ServiceAccount(o as never),
};

type Check = (object: K8sObject) => string[];

const nonEmptyArray = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

function spec(o: K8sObject): Record<string, unknown> {
  return isJsonObject(o['spec']) ? o['spec'] : {};
}

function selectorProblems(s: Record<string, unknown>): string[] {
  const selector = s['selector'];
  return isJsonObject(selector) && (isJsonObject(selector['matchLabels']) || nonEmptyArray(selector['matchExpressions'])) ? [] : ['spec.selector selects nothing'];
}

function endpointProblems(list: unknown, field: string): string[] {
  if (!nonEmptyArray(list)) return [`spec.${field} is empty`];
  return list.flatMap((e, i) => (isJsonObject(e) && typeof e['port'] === 'string' && typeof e['path'] === 'string' ? [] : [`spec.${field}[${i}] needs a port name and a path`]));
}

/**
 * Prometheus Operator kinds are CRDs with no schema in kubernetes-models: their shape is checked
 * by hand, on the fields the operator refuses a resource without.
 */
const CUSTOM: Record<string, Check> = {
  'monitoring.coreos.com/v1/ServiceMonitor': (o) => [...selectorProblems(spec(o)), ...endpointProblems(spec(o)['endpoints'], 'endpoints')],
  'monitoring.coreos.com/v1/PodMonitor': (o) => [...selectorProblems(spec(o)), ...endpointProblems(spec(o)['podMetricsEndpoints'], 'podMetricsEndpoints')],
  'monitoring.coreos.com/v1/PrometheusRule': (o) => {
    const groups = spec(o)['groups'];
    if (!nonEmptyArray(groups)) return ['spec.groups is empty'];
    return groups.flatMap((g, i) => {
      if (!isJsonObject(g) || typeof g['name'] !== 'string' || !nonEmptyArray(g['rules'])) return [`spec.groups[${i}] needs a name and rules`];
      return g['rules'].flatMap((r, j) =>
        isJsonObject(r) && typeof r['expr'] === 'string' && (typeof r['alert'] === 'string') !== (typeof r['record'] === 'string')
          ? []
          : [`spec.groups[${i}].rules[${j}] needs an expr and exactly one of alert and record`],
      );
    });
  },
};

/** Problems with one rendered object; empty when it is valid. Unknown kinds are a problem too. */
export function validateObject(object: K8sObject): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const where = `${object.kind} ${object.metadata?.name ?? '(no name)'}`;
  const builtIn = BUILT_IN[key];
  if (builtIn) {
    try {
      builtIn(object).validate();
      return [];
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
  }
  const custom = CUSTOM[key];
  if (custom) return custom(object).map((p) => `${where}: ${p}`);
  return [`${where}: ${key} is not a kind this chart is expected to render`];
}
