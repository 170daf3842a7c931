import { DASHBOARDS, dashboardJson } from '../dashboards/dashboards';
import { helmBinary } from './helm.binary';
import { helmTemplateValues, type K8sObject } from './helm.render';
import { flagName, serviceFlags } from './service-flags';

type DashboardJson = { templating: { list: { name: string; query?: unknown }[] } };

let helm: string;

beforeAll(() => {
  helm = helmBinary();
});

function render(values: string): K8sObject[] {
  return helmTemplateValues(helm, 'dashboard-slos', values);
}

function shipped(objects: readonly K8sObject[]): Record<string, DashboardJson> {
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'demo-tsukimi-dashboards');
  if (!map) throw new Error('no dashboards ConfigMap rendered');
  return Object.fromEntries(Object.entries(map['data'] as Record<string, string>).map(([file, text]) => [file, JSON.parse(text) as DashboardJson]));
}

function variable(dashboard: DashboardJson, name: string): unknown {
  return dashboard.templating.list.find((v) => v.name === name)?.query;
}

/** The dashboard as the code emits it, with its SLO variables set as the chart should set them. */
function emittedWith(file: string, slos: Readonly<Record<string, string>>): DashboardJson {
  const emitted = JSON.parse(dashboardJson(DASHBOARDS[file]!())) as DashboardJson;
  for (const v of emitted.templating.list) if (v.name in slos) v.query = slos[v.name];
  return emitted;
}

describe('the chart\'s dashboards and the conductor\'s metrics settings', () => {
  it.each([
    ['the defaults', '{}', { ttft_slo: '2', tbt_slo: '0.2' }],
    ['whole seconds', 'conductor: {ttftSloMs: 3000, tbtSloMs: 1000}', { ttft_slo: '3', tbt_slo: '1' }],
    ['fractions of a second', 'conductor: {ttftSloMs: 1500, tbtSloMs: 80}', { ttft_slo: '1.5', tbt_slo: '0.08' }],
  ])('default the SLO overview\'s SLO variables to conductor.ttftSloMs and tbtSloMs (%s), as the le label writes them', (_what, values, slos) => {
    const dashboards = shipped(render(values));
    expect(variable(dashboards['tsukimi-slo-overview.json']!, 'ttft_slo')).toBe(slos.ttft_slo);
    expect(variable(dashboards['tsukimi-slo-overview.json']!, 'tbt_slo')).toBe(slos.tbt_slo);
    for (const file of Object.keys(DASHBOARDS)) expect(dashboards[file]).toEqual(emittedWith(file, slos));
  });

  it('passes histogram buckets to the conductor as flags it accepts, unchanged', async () => {
    const objects = render('conductor: {ttftBucketsSeconds: [0.00001, 0.5, 2], interTokenBucketsSeconds: [0.01, 0.1], e2eBucketsSeconds: [1, 30, 600]}');
    const conductor = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-tsukimi-conductor')!;
    const args = (conductor['spec'] as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
    const buckets = args.filter((a) => a.includes('-buckets-seconds='));
    expect(buckets.sort()).toEqual(['--e2e-buckets-seconds=1,30,600', '--inter-token-buckets-seconds=0.01,0.1', '--ttft-buckets-seconds=1e-05,0.5,2']);
    expect(buckets.flatMap((a) => a.split('=')[1]!.split(',').map(Number))).toEqual([1, 30, 600, 0.01, 0.1, 0.00001, 0.5, 2]);
    const accepted = await serviceFlags('conductor');
    expect(buckets.filter((a) => !accepted.has(flagName(a)))).toEqual([]);
  }, 60_000);

  it('passes no bucket flag by default, and rejects bucket edges that are not positive numbers', () => {
    const objects = render('{}');
    expect(JSON.stringify(objects)).not.toContain('-buckets-seconds');
    expect(() => render('conductor: {ttftBucketsSeconds: [0, 1]}')).toThrow(/ttftBucketsSeconds/);
    expect(() => render('conductor: {e2eBucketsSeconds: ["fast"]}')).toThrow(/e2eBucketsSeconds/);
  });
});
