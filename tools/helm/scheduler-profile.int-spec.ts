import { builtinPlugins, loadSchedulerProfile } from '@tsukimi/scheduler';
import { helmBinary } from './helm.binary';
import { conductorPodSpec, helmTemplateValues, type K8sObject } from './helm.render';
import { flagName, serviceFlags } from './service-flags';

type PodSpec = {
  containers: { args: string[]; volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: { name: string; configMap?: { name: string } }[];
};

let helm: string;

beforeAll(() => {
  helm = helmBinary();
});

function render(values: string): K8sObject[] {
  return helmTemplateValues(helm, 'scheduler-profile', values);
}

const PROFILE = `conductor:
  schedulerProfile:
    prefill:
      filters: [{type: session-affinity, parameters: {ttftToleranceMs: 50}}]
      scorers: [{type: kvcache-centric, weight: 2}, {type: least-loaded, weight: 1}]
      picker: {type: max-score}
    decode:
      scorers: [{type: least-loaded, weight: 1}]
      picker: {type: round-robin}
    admission: early
`;

describe('the chart\'s scheduler profile', () => {
  it('ships conductor.schedulerProfile in a ConfigMap the scheduler loads, mounted where --scheduler-profile points', async () => {
    const objects = render(PROFILE);
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'demo-tsukimi-scheduler-profile');
    const json = JSON.parse((map?.['data'] as Record<string, string>)['profile.json']!) as unknown;
    const loaded = loadSchedulerProfile(json, builtinPlugins());
    expect(loaded.ok).toBe(true);
    expect(json).toMatchObject({ prefill: { scorers: [{ type: 'kvcache-centric', weight: 2 }, { type: 'least-loaded', weight: 1 }] }, admission: 'early' });

    const pod = conductorPodSpec<PodSpec>(objects);
    const flag = pod.containers[0]!.args.find((a) => a.startsWith('--scheduler-profile='));
    expect(flag).toBeDefined();
    const accepted = await serviceFlags('conductor');
    expect(accepted.has(flagName(flag!))).toBe(true);
    const volume = pod.volumes?.find((v) => v.configMap?.name === 'demo-tsukimi-scheduler-profile');
    const mount = pod.containers[0]!.volumeMounts?.find((m) => m.name === volume?.name);
    expect(`${mount?.mountPath}/profile.json`).toBe(flag!.split('=')[1]);
  });

  it('passes no profile and ships no ConfigMap when none is given, so the policies apply', () => {
    const objects = render('{}');
    expect(objects.some((o) => o.metadata.name === 'demo-tsukimi-scheduler-profile')).toBe(false);
    expect(conductorPodSpec<PodSpec>(objects).containers[0]!.args.some((a) => a.startsWith('--scheduler-profile'))).toBe(false);
  });

  it('refuses an admission the conductor does not know, naming it', () => {
    expect(() => render('conductor: {schedulerProfile: {admission: sometimes}}')).toThrow(/admission/);
  });
});
