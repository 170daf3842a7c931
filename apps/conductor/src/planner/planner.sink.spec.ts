import { type PlannerMode, type ScaleDecision } from '@tsukimi/planner';
import { Metrics } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { Registry } from 'prom-client';
import { plannerSink } from './planner.sink';

const decision = (over: Partial<ScaleDecision>): ScaleDecision => ({ role: 'prefill', loop: 'fast', direction: 'up', reason: 'ttft-queue', currentReplicas: 2, desiredReplicas: 3, atMs: 0, ...over });

/** The sink over real metrics; `value` reads one series. */
function sunk(mode: PlannerMode) {
  const registry = new Registry();
  const logger = new RecordingLogger();
  const sink = plannerSink(mode, new Metrics(registry), logger);
  const value = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const values = (metric?.values ?? []) as readonly { value: number; labels: Partial<Record<string, string | number>> }[];
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  };
  return { sink, logger, value };
}

describe('plannerSink', () => {
  it('counts each decision by role, direction and reason, and sets the desired replicas', async () => {
    const { sink, value } = sunk('metrics');
    sink.decided(decision({}));
    sink.decided(decision({}));
    sink.decided(decision({ role: 'decode', direction: 'hold', reason: 'within-slo', currentReplicas: 1, desiredReplicas: 1 }));
    expect(await value('tsukimi_planner_decisions_total', { role: 'prefill', direction: 'up', reason: 'ttft-queue' })).toBe(2);
    expect(await value('tsukimi_planner_decisions_total', { role: 'decode', direction: 'hold', reason: 'within-slo' })).toBe(1);
    expect(await value('tsukimi_planner_desired_replicas', { role: 'prefill' })).toBe(3);
    expect(await value('tsukimi_planner_desired_replicas', { role: 'decode' })).toBe(1);
  });

  it('a no-signal hold leaves the gauge as it was', async () => {
    const { sink, value } = sunk('metrics');
    sink.decided(decision({}));
    sink.decided(decision({ direction: 'hold', reason: 'no-signal', currentReplicas: 0, desiredReplicas: 0 }));
    expect(await value('tsukimi_planner_desired_replicas', { role: 'prefill' })).toBe(3);
  });

  it('dry-run counts and logs but exports no desired replicas for an autoscaler to act on', async () => {
    const { sink, value, logger } = sunk('dry-run');
    sink.decided(decision({}));
    expect(await value('tsukimi_planner_decisions_total', { role: 'prefill', direction: 'up', reason: 'ttft-queue' })).toBe(1);
    expect(await value('tsukimi_planner_desired_replicas', { role: 'prefill' })).toBeUndefined();
    expect(logger.records).toEqual([expect.objectContaining({ level: 'info', message: 'planner decision', fields: expect.objectContaining({ role: 'prefill', direction: 'up', reason: 'ttft-queue', desiredReplicas: 3, mode: 'dry-run' }) })]);
  });
});
