import { endpointOf, phaseEndpoints, phaseOrder, requestBody, SCALE_OUT_CLUSTER, secondConductorArgs } from './scale-out.plan';
import { compileClusterOptions, type CompiledClusterOptions } from '../../apps/cli/src/cluster/cluster.options';
import { conductorSpec } from '../../apps/cli/src/cluster/cluster.plan';

const SHAPE = { promptTokens: 64, maxTokens: 32 };

describe('scale-out plan: one conductor process and two do the same work', () => {
  it('runs each process count first as often as second', () => {
    expect(phaseOrder(4)).toEqual([1, 2, 2, 1, 1, 2, 2, 1]);
  });

  it.each([1, 2] as const)('sends the same request bodies whichever conductor gets them (%i processes)', (processes) => {
    const endpoints = phaseEndpoints(processes, ['first', 'second'] as const);
    const sent = Array.from({ length: 8 }, (_, i) => ({ to: endpointOf(i, endpoints), body: requestBody(i, SHAPE, 'm') }));
    expect(sent.map((s) => s.body)).toEqual(Array.from({ length: 8 }, (_, i) => requestBody(i, SHAPE, 'm')));
    expect(new Set(sent.map((s) => s.to)).size).toBe(processes);
    expect(sent.filter((s) => s.to === 'first')).toHaveLength(8 / processes);
  });

  it('asks for a streamed completion of the shape\'s tokens, distinct prompts', () => {
    const body = JSON.parse(requestBody(3, SHAPE, 'm')) as { prompt: number[]; max_tokens: number; stream: boolean; ignore_eos: boolean };
    expect(body).toMatchObject({ max_tokens: 32, stream: true, ignore_eos: true });
    expect(body.prompt).toHaveLength(64);
    expect(requestBody(3, SHAPE, 'm')).not.toEqual(requestBody(4, SHAPE, 'm'));
  });

  it('starts the second conductor with the flags the cluster gives its own', () => {
    const compiled = compileClusterOptions(SCALE_OUT_CLUSTER);
    if (!compiled.ok) throw new Error(compiled.error);
    const own = conductorSpec(compiled.value as CompiledClusterOptions, ['127.0.0.1:1'], ['127.0.0.1:2'], '127.0.0.1:3').args;
    expect(secondConductorArgs('127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3')).toEqual(own);
    expect(own).toEqual(expect.arrayContaining(['--http-port', '0', '--disaggregation', 'always']));
  });
});
