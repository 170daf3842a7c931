import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One rendered Kubernetes object, as far as the tests need to read it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export const CHART_DIR = join(__dirname, '..', '..', 'helm', 'tsukimi');

function run(helm: string, args: readonly string[]): string {
  return execFileSync(helm, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: helmEnv() });
}

/**
 * Helm sees nothing of the caller's environment: no kubeconfig, no plugins, no repositories;
 * `lint` and `template` need none of them.
 */
function helmEnv(): Record<string, string> {
  const home = join(tmpdir(), 'tsukimi-helm-home');
  return { HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data') };
}

export function helmLint(helm: string, chart: string, valuesFiles: readonly string[]): string {
  return run(helm, ['lint', '--strict', chart, ...valuesFiles.flatMap((f) => ['-f', f])]);
}

export function helmTemplate(helm: string, chart: string, valuesFiles: readonly string[], set: readonly string[] = []): K8sObject[] {
  const out = run(helm, [
    'template', 'demo', chart, '--namespace', 'serving',
    ...valuesFiles.flatMap((f) => ['-f', f]),
    ...set.flatMap((s) => ['--set', s]),
  ]);
  return loadAll(out).filter((doc): doc is K8sObject => doc !== null && typeof doc === 'object');
}

/**
 * The chart rendered with `values` (YAML text) as its one values file, written under `name` in a
 * temp directory of its own that is removed once helm has read it. A values file rather than `--set`,
 * which would pass 0.1 as a string.
 */
export function helmTemplateValues(helm: string, name: string, values: string): K8sObject[] {
  const dir = mkdtempSync(join(tmpdir(), `tsukimi-${name}-`));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, values);
    return helmTemplate(helm, CHART_DIR, [file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The pod spec of the conductor Deployment the chart rendered as release `demo`. */
export function conductorPodSpec<PodSpec>(objects: readonly K8sObject[]): PodSpec {
  const conductor = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-conductor');
  if (!conductor) throw new Error('no conductor Deployment rendered');
  return (conductor['spec'] as { template: { spec: PodSpec } }).template.spec;
}
