import { envName } from '@tsukimi/config';
import { conductorSchema } from '../../apps/conductor/src/conductor.config';
import { openLoopPlan } from './overload.plan';
import { OVERLOAD_CLUSTER, overloadCluster, overloadSide } from './overload.sides';

const slo = { ttftMs: 120.4, tbtMs: 30 };
const plan = { seed: 11, ratePerS: 30, requests: 200, promptTokens: 64, maxTokens: 8 };

describe('overload sides', () => {
  const on = overloadSide('on', slo, plan);
  const off = overloadSide('off', slo, plan);

  it('send the same requests at the same offsets with admission on and off', () => {
    expect(on.plan).toEqual(off.plan);
    expect(on.plan).toHaveLength(plan.requests);
    expect(on.cluster).toEqual(off.cluster);
  });

  it('differ only in the conductor admission policy, with the SLOs equal', () => {
    const { TSUKIMI_CONDUCTOR_ADMISSION: onAdmission, ...onRest } = on.env;
    const { TSUKIMI_CONDUCTOR_ADMISSION: offAdmission, ...offRest } = off.env;
    expect([onAdmission, offAdmission]).toEqual(['predictive', 'none']);
    expect(onRest).toEqual(offRest);
    expect(onRest).toEqual({ TSUKIMI_CONDUCTOR_TTFT_SLO_MS: '120', TSUKIMI_CONDUCTOR_TBT_SLO_MS: '30' });
  });

  it('name real conductor configuration keys', () => {
    const known = Object.keys(conductorSchema).map((key) => envName('TSUKIMI_CONDUCTOR', key));
    for (const key of Object.keys(on.env)) expect(known).toContain(key);
  });

  it('draws arrivals in order, near the asked rate, with distinct prompts of the asked length', () => {
    const requests = openLoopPlan({ ...plan, requests: 4000 });
    const times = requests.map((r) => r.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const ratePerS = requests.length / (times[times.length - 1]! / 1000);
    expect(ratePerS).toBeGreaterThan(plan.ratePerS * 0.9);
    expect(ratePerS).toBeLessThan(plan.ratePerS * 1.1);
    expect(new Set(requests.map((r) => r.prompt)).size).toBe(requests.length);
    for (const r of requests) expect(r.prompt).toHaveLength(plan.promptTokens);
  });

  it('run the user\'s model and instance counts when given, the tiny model on one of each when not', () => {
    expect(overloadCluster()).toEqual(OVERLOAD_CLUSTER);
    const shaped = overloadSide('on', slo, plan, { modelPath: '/models/d256.gguf', prefill: 2, decode: 3 }).cluster;
    expect(shaped).toEqual({ ...OVERLOAD_CLUSTER, modelPath: '/models/d256.gguf', prefill: 2, decode: 3 });
    expect(overloadSide('off', slo, plan, { decode: 2 }).cluster).toEqual({ ...OVERLOAD_CLUSTER, decode: 2 });
  });

  it('changes with the seed', () => {
    expect(openLoopPlan({ ...plan, seed: 12 })).not.toEqual(openLoopPlan(plan));
  });
});
