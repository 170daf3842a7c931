import { type InstanceId } from '@tsukimi/scheduler';
import { facts } from '../testing/pipeline.cluster';
import { InstanceRegistry } from '../instance.registry';
import { type CircuitOptions } from './circuit.options';

const options: CircuitOptions = { windowMs: 1000, errorRate: 0.5, minCalls: 4, consecutiveTimeouts: 1, coolDownMs: 500 };
const ids = ['d1', 'd2', 'd3'] as InstanceId[];

describe('InstanceRegistry routing by circuits', () => {
  function registry(open: readonly string[], down: readonly string[] = []) {
    const r = new InstanceRegistry({ circuit: options, monotonicMs: () => 0 });
    for (const id of ids) {
      r.add(id, 'decode');
      r.observe(id, facts({ reportedId: id }));
    }
    for (const id of open) r.circuits.record(id as InstanceId, 'timeout');
    for (const id of down) r.markDown(id as InstanceId, 'gone');
    return r.snapshot('decode').map((s) => `${s.id}:${s.routable}`);
  }

  it.each([
    ['none open: every instance', [], [], ['d1:true', 'd2:true', 'd3:true']],
    ['one open: the others', ['d1'], [], ['d1:false', 'd2:true', 'd3:true']],
    ['all but one open: that one', ['d1', 'd2'], [], ['d1:false', 'd2:false', 'd3:true']],
    ['every one open: each, rather than none', ['d1', 'd2', 'd3'], [], ['d1:true', 'd2:true', 'd3:true']],
    ['the only one up open: it, rather than none', ['d1'], ['d2', 'd3'], ['d1:true', 'd2:false', 'd3:false']],
  ] as const)('%s', (_name, open, down, routable) => {
    expect(registry(open, down)).toEqual(routable);
  });
});
