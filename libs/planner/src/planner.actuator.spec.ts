import { PlannerActuator, type PlannerMode } from './planner.actuator';
import { type ScaleDecision } from './planner.model';
import { type ScaleInPort } from './scale-in.port';
import { type ScaleTarget } from './scale.port';
import { InMemoryScale } from './testing/in-memory.scale';

const prefill: ScaleTarget = { kind: 'Deployment', name: 'tsukimi-prefill' };
const decision = (direction: ScaleDecision['direction'], current: number, desired: number): ScaleDecision => ({
  role: 'prefill', loop: 'fast', direction, reason: direction === 'up' ? 'ttft-queue' : 'prefill-idle', currentReplicas: current, desiredReplicas: desired, atMs: 0,
});

function setUp(mode: PlannerMode, leader = true, scaleIn?: ScaleInPort) {
  const scale = new InMemoryScale();
  scale.create(prefill, 3);
  const actuator = new PlannerActuator({ mode, targets: { prefill } }, scale, { isLeader: () => leader }, scaleIn);
  const replicas = async () => {
    const state = await scale.read(prefill);
    return state.ok ? state.value.specReplicas : -1;
  };
  return { actuator, replicas };
}

describe('PlannerActuator', () => {
  it.each<[string, PlannerMode, boolean, ScaleDecision, string, number]>([
    ['scale mode, leader: writes the replicas', 'scale', true, decision('up', 3, 4), 'scaled', 4],
    ['scale mode, not the leader: writes nothing', 'scale', false, decision('up', 3, 4), 'not-leader', 3],
    ['metrics mode: only reports', 'metrics', true, decision('up', 3, 4), 'reported', 3],
    ['dry-run: only reports', 'dry-run', true, decision('down', 3, 2), 'reported', 3],
    ['a hold does nothing in any mode', 'scale', true, decision('hold', 3, 3), 'held', 3],
  ])('%s', async (_name, mode, leader, d, kind, want) => {
    const { actuator, replicas } = setUp(mode, leader);
    const outcome = await actuator.actuate(d);
    expect(outcome.ok && outcome.value.kind).toBe(kind);
    expect(await replicas()).toBe(want);
  });

  it('a role without a target is not scaled', async () => {
    const { actuator } = setUp('scale');
    const outcome = await actuator.actuate({ ...decision('up', 1, 2), role: 'kvpool' });
    expect(outcome).toEqual({ ok: true, value: { kind: 'no-target' } });
  });

  it('scale-in asks the scale-in port which instances go and prepares them before lowering the replicas', async () => {
    const events: string[] = [];
    let replicasAtPrepare = -1;
    const { actuator, replicas } = setUp('scale', true, {
      pickVictims: async (role, count) => {
        events.push(`pick ${role} ${count}`);
        return ['prefill-b'];
      },
      prepare: async (_role, victims) => {
        replicasAtPrepare = await replicas();
        events.push(`prepare ${victims.join(',')}`);
      },
    });
    const outcome = await actuator.actuate(decision('down', 3, 2));
    expect(outcome).toEqual({ ok: true, value: { kind: 'scaled', replicas: 2, victims: ['prefill-b'] } });
    expect(events).toEqual(['pick prefill 1', 'prepare prefill-b']);
    expect(replicasAtPrepare).toBe(3);
  });

  it.each<[PlannerMode]>([['metrics'], ['dry-run']])('%s mode: a scale-in reports which instances would go, prepares none and writes nothing', async (mode) => {
    const events: string[] = [];
    const { actuator, replicas } = setUp(mode, true, {
      pickVictims: async (role, count) => {
        events.push(`pick ${role} ${count}`);
        return ['prefill-a', 'prefill-c'];
      },
      prepare: async () => {
        events.push('prepare');
      },
    });
    expect(await actuator.actuate(decision('down', 3, 1))).toEqual({ ok: true, value: { kind: 'reported', mode, victims: ['prefill-a', 'prefill-c'] } });
    expect(await actuator.actuate(decision('up', 3, 4))).toEqual({ ok: true, value: { kind: 'reported', mode, victims: [] } });
    expect(events).toEqual(['pick prefill 2']);
    expect(await replicas()).toBe(3);
  });

  it('scale mode, not the leader: a scale-in neither picks nor prepares', async () => {
    const events: string[] = [];
    const { actuator } = setUp('scale', false, { pickVictims: async () => (events.push('pick'), []), prepare: async () => void events.push('prepare') });
    expect(await actuator.actuate(decision('down', 3, 2))).toEqual({ ok: true, value: { kind: 'not-leader' } });
    expect(events).toEqual([]);
  });

  it('scale-in on a target that does not read back (missing, forbidden, unreachable): the error is returned, no victim picked or prepared', async () => {
    const events: string[] = [];
    const scaleIn: ScaleInPort = { pickVictims: async () => (events.push('pick'), ['prefill-b']), prepare: async () => void events.push('prepare') };
    const actuator = new PlannerActuator({ mode: 'scale', targets: { prefill } }, new InMemoryScale(), { isLeader: () => true }, scaleIn);
    expect(await actuator.actuate(decision('down', 3, 2))).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) });
    expect(events).toEqual([]);
  });

  it('a failed write is returned, not thrown', async () => {
    const scale = new InMemoryScale();
    const actuator = new PlannerActuator({ mode: 'scale', targets: { prefill } }, scale, { isLeader: () => true });
    expect(await actuator.actuate(decision('up', 1, 2))).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) });
  });
});
