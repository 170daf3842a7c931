import { helmBinary } from './helm.binary';
import { helmTemplateValues, type K8sObject } from './helm.render';
import { flagName, serviceFlags } from './service-flags';

let helm: string;

beforeAll(() => {
  helm = helmBinary();
});

function render(values: string): K8sObject[] {
  return helmTemplateValues(helm, 'simulated-engine', values);
}

function argsOf(objects: readonly K8sObject[], name: string): string[] {
  const workload = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  if (!workload) throw new Error(`no Deployment ${name} rendered`);
  return (workload['spec'] as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
}

describe('the chart\'s simulated engine', () => {
  it('passes prefill and decode the simulated model, hardware and time scale, as flags they accept', async () => {
    const objects = render('engine: simulated\nsimulated: {model: llama2-70b, hardware: 8xh800, timeScale: 0.05}\n');
    for (const [app, name] of [['prefill', 'demo-tsukimi-prefill'], ['decode', 'demo-tsukimi-decode']] as const) {
      const args = argsOf(objects, name);
      expect(args).toEqual(expect.arrayContaining(['--engine=simulated', '--simulated-model=llama2-70b', '--simulated-hardware=8xh800', '--simulated-time-scale=0.05']));
      const accepted = await serviceFlags(app);
      expect(args.filter((a) => a.startsWith('--')).filter((a) => !accepted.has(flagName(a)))).toEqual([]);
    }
  });

  it('passes no simulated flags to the other engines', () => {
    for (const engine of ['reference', 'llamacpp']) {
      expect(argsOf(render(`engine: ${engine}\n`), 'demo-tsukimi-prefill').some((a) => a.startsWith('--simulated-'))).toBe(false);
    }
  });

  it('refuses a negative time scale, naming it', () => {
    expect(() => render('engine: simulated\nsimulated: {model: llama3-70b, hardware: 8xa800, timeScale: -1}\n')).toThrow(/timeScale/);
  });
});
