import { helmBinary } from './helm.binary';
import { CHART_DIR, helmTemplate, helmTemplateValues, type K8sObject } from './helm.render';

const WORKLOADS = ['conductor', 'prefill', 'decode', 'kvpool-master', 'kvpool-node'];

let helm: string;
beforeAll(() => {
  helm = helmBinary();
});

function tracingArgs(objects: readonly K8sObject[], component: string): string[] {
  const workload = objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === `demo-tsukimi-${component}`);
  if (!workload) throw new Error(`no ${component} workload rendered`);
  const args = (workload['spec'] as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
  return args.filter((a) => a.startsWith('--otlp-endpoint=') || a.startsWith('--trace-sample-ratio='));
}

describe('helm/tsukimi tracing values', () => {
  it('passes no tracing flag by default: tracing is off', () => {
    const objects = helmTemplate(helm, CHART_DIR, []);
    for (const component of WORKLOADS) expect([component, tracingArgs(objects, component)]).toEqual([component, []]);
  });

  it('passes the endpoint and the ratio to every workload once tracing.otlpEndpoint is set', () => {
    const objects = helmTemplateValues(helm, 'tracing-values', 'tracing:\n  otlpEndpoint: http://otel-collector.observability:4318\n  sampleRatio: 0.1\n');
    for (const component of WORKLOADS) {
      expect([component, tracingArgs(objects, component)]).toEqual([component, ['--otlp-endpoint=http://otel-collector.observability:4318', '--trace-sample-ratio=0.1']]);
    }
  });

  it.each([['tracing.sampleRatio=2'], ['tracing.otlpEndpoint=collector:4318']])('refuses %s', (set) => {
    expect(() => helmTemplate(helm, CHART_DIR, [], [set])).toThrow(/tracing/);
  });
});
