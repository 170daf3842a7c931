import { instanceId } from '@tsukimi/scheduler';
import { cluster, facts, prompt } from '../testing/pipeline.cluster';
import { type CircuitOptions } from './circuit.options';

const d1 = instanceId('d1');
const routable = (registry: ReturnType<typeof cluster>['registry']) => registry.snapshot('decode').map((s) => `${s.id}:${s.routable}`);

describe('instances\' circuits in the request pipeline', () => {
  it('a decode instance timing out twice in a row has its circuit opened: routing skips it, though its probes say it is up', async () => {
    const options: CircuitOptions = { windowMs: 60_000, errorRate: 1, minCalls: 100, consecutiveTimeouts: 2, coolDownMs: 60_000 };
    const { run, gateways, registry } = cluster({ decodeMigration: true }, undefined, options);
    gateways.silent.add('d1');
    for (const id of ['a', 'b']) {
      // Up again, as its next probe would find it: only the circuit keeps it out.
      registry.observe(d1, facts({ reportedId: 'd1' }));
      expect((await run(prompt, undefined, id)).result.ok).toBe(true);
    }
    expect(registry.circuits.state(d1)).toBe('open');
    registry.observe(d1, facts({ reportedId: 'd1' }));
    expect(routable(registry)).toEqual(['d1:false', 'd2:true']);
    gateways.calls.length = 0;
    expect((await run(prompt, undefined, 'c')).result.ok).toBe(true);
    expect(gateways.calls.filter((c) => c.startsWith('decode'))).toEqual(['decode:d2']);
  });

  it.each([
    ['a stream that ended whole counts as a success', undefined, undefined, 'closed'],
    ['a stream its instance broke mid-stream counts as a failure', 5, undefined, 'open'],
    ['a stream its caller left counts as nothing', undefined, 5, 'closed'],
  ] as const)('%s', async (_name, dieAfterTokens, abortAfterTokens, state) => {
    // Any failure counted opens the circuit.
    const options: CircuitOptions = { windowMs: 60_000, errorRate: 0.01, minCalls: 1, consecutiveTimeouts: 100, coolDownMs: 60_000 };
    const { run, gateways, registry } = cluster({}, { prefill: ['p1'], decode: ['d1'] }, options);
    if (dieAfterTokens !== undefined) gateways.dieAfterTokens.set('d1', dieAfterTokens);
    await run(prompt, undefined, 'r', abortAfterTokens);
    expect(registry.circuits.state(d1)).toBe(state);
    expect(registry.circuits.state(instanceId('p1'))).toBe('closed');
  });
});
