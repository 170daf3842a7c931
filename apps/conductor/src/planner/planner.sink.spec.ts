import { type KvpoolSsdDecision, type PlannerMode, type ScaleDecision } from '@tsukimi/planner';
import { Metrics } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { Registry } from 'prom-client';
import { plannerSink } from './planner.sink';

const decision = (over: Partial<ScaleDecision>): ScaleDecision => ({ role: 'prefill', loop: 'fast', direction: 'up', reason: 'ttft-queue', currentReplicas: 2, desiredReplicas: 3, atMs: 0, ...over });

const ssd = (over: Partial<KvpoolSsdDecision>): KvpoolSsdDecision => ({ direction: 'up', reason: 'hit-ratio-gain', nodes: 2, currentBytesPerNode: 0, desiredBytesPerNode: 3_000_000, hitRatio: 0.8, atMs: 0, ...over });

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

  it('the kvpool SSD: counted by direction and reason, the bytes per node exported, a change logged at info', async () => {
    const { sink, value, logger } = sunk('metrics');
    sink.kvpoolSsdDecided(ssd({}));
    sink.kvpoolSsdDecided(ssd({ direction: 'hold', currentBytesPerNode: 2_000_000, desiredBytesPerNode: 2_000_000 }));
    expect(await value('tsukimi_planner_kvpool_ssd_decisions_total', { direction: 'up', reason: 'hit-ratio-gain' })).toBe(1);
    expect(await value('tsukimi_planner_kvpool_ssd_decisions_total', { direction: 'hold', reason: 'hit-ratio-gain' })).toBe(1);
    expect(await value('tsukimi_planner_desired_kvpool_bytes', { tier: 'ssd' })).toBe(2_000_000);
    expect(logger.records.map((r) => [r.level, r.message])).toEqual([['info', 'planner kvpool ssd decision'], ['debug', 'planner kvpool ssd decision']]);
  });

  it('dry-run counts the kvpool SSD decision but exports no bytes', async () => {
    const { sink, value } = sunk('dry-run');
    sink.kvpoolSsdDecided(ssd({}));
    expect(await value('tsukimi_planner_kvpool_ssd_decisions_total', { direction: 'up', reason: 'hit-ratio-gain' })).toBe(1);
    expect(await value('tsukimi_planner_desired_kvpool_bytes', { tier: 'ssd' })).toBeUndefined();
  });
});
