import { expectOk } from '@tsukimi/result';
import { CLUSTER_DEFAULTS, type CompiledClusterOptions, compileClusterOptions } from './cluster.options';
import { conductorSpec, instanceSpecs, kvpoolNodeSpecs, kvpoolSpecs, type ServiceSpec, stopOrder } from './cluster.plan';

const options: CompiledClusterOptions = { ...CLUSTER_DEFAULTS, prefill: 2, decode: 1, host: '0.0.0.0', port: 8080, modelPath: undefined, logDir: undefined, disaggregation: undefined };

/** The value after `flag` in a spec's arguments. */
const flag = (spec: ServiceSpec, name: string) => (spec.args.includes(name) ? spec.args[spec.args.indexOf(name) + 1] : undefined);

describe('cluster plan', () => {
  it('starts one pool node on loopback with free ports and its DRAM budget', () => {
    expect(kvpoolSpecs(options)).toEqual([
      {
        name: 'kvpool-0',
        role: 'kvpool',
        entry: 'apps/kvpool/src/main.ts',
        args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--shutdown-timeout-ms', '5000', '--data-port', '0', '--dram-bytes', '512MiB'],
      },
    ]);
  });

  it('with several pool nodes, starts a master first and then nodes joined to it, each with its id and DRAM budget', () => {
    const several = { ...options, kvpool: 2 };
    expect(kvpoolSpecs(several).map((s) => [s.name, flag(s, '--role')])).toEqual([['kvpool-master', 'master']]);
    const nodes = kvpoolNodeSpecs(several, '127.0.0.1:5000');
    expect(nodes.map((s) => [s.name, flag(s, '--role'), flag(s, '--node-id'), flag(s, '--master-address'), flag(s, '--dram-bytes')])).toEqual([
      ['kvpool-0', 'node', 'kvpool-0', '127.0.0.1:5000', '512MiB'],
      ['kvpool-1', 'node', 'kvpool-1', '127.0.0.1:5000', '512MiB'],
    ]);
    expect(kvpoolNodeSpecs(options, '127.0.0.1:5000')).toEqual([]);
  });

  it('points every instance at the model and the pool, each with its own id, on loopback', () => {
    const specs = instanceSpecs(options, '/models/tiny.gguf', '127.0.0.1:5000');
    expect(specs.map((s) => [s.name, s.role, s.entry])).toEqual([
      ['prefill-0', 'prefill', 'apps/prefill/src/main.ts'],
      ['prefill-1', 'prefill', 'apps/prefill/src/main.ts'],
      ['decode-0', 'decode', 'apps/decode/src/main.ts'],
    ]);
    for (const spec of specs) {
      expect([flag(spec, '--host'), flag(spec, '--http-port'), flag(spec, '--grpc-port')]).toEqual(['127.0.0.1', '0', '0']);
      expect([flag(spec, '--model-path'), flag(spec, '--kvpool-address'), flag(spec, '--instance-id')]).toEqual(['/models/tiny.gguf', '127.0.0.1:5000', spec.name]);
      expect([flag(spec, '--engine'), flag(spec, '--threads')]).toEqual(['reference', undefined]);
    }
  });

  it('with instances per process, hosts them in processes of that many, the last holding the rest, ids as one per process would have', () => {
    const hosted = expectOk(compileClusterOptions({ engine: 'simulated', prefill: 5, decode: 2, instancesPerProcess: 2 }), 'options');
    const specs = instanceSpecs(hosted, 'm', 'a:1');
    expect(specs.map((s) => [s.name, s.role, flag(s, '--instance-ids'), flag(s, '--instance-id')])).toEqual([
      ['prefill-host-0', 'prefill', 'prefill-0,prefill-1', undefined],
      ['prefill-host-1', 'prefill', 'prefill-2,prefill-3', undefined],
      ['prefill-host-2', 'prefill', 'prefill-4', undefined],
      ['decode-host-0', 'decode', 'decode-0,decode-1', undefined],
    ]);
    expect(specs.map((s) => s.instanceIds?.length)).toEqual([2, 2, 1, 2]);
    for (const spec of specs) expect([flag(spec, '--http-port'), flag(spec, '--grpc-port'), flag(spec, '--engine')]).toEqual(['0', '0', 'simulated']);
  });

  it('gives llama.cpp instances one thread each, since they share the machine', () => {
    const llama = expectOk(compileClusterOptions({ engine: 'llamacpp' }), 'options');
    for (const spec of instanceSpecs(llama, '/models/tiny.gguf', '127.0.0.1:5000')) expect([flag(spec, '--engine'), flag(spec, '--threads'), flag(spec, '--lora')]).toEqual(['llamacpp', '1', undefined]);
  });

  it.each([
    { simulated: {}, args: [undefined, undefined, undefined, undefined] },
    { simulated: { model: '/m/small.json', hardware: '8xh800', timeScale: 0.01, profile: '/m/profile.json' }, args: ['/m/small.json', '8xh800', '0.01', '/m/profile.json'] },
  ])('hands simulated instances the model, node, time scale and profile given ($args)', ({ simulated, args }) => {
    const options = expectOk(compileClusterOptions({ engine: 'simulated', simulated }), 'options');
    for (const spec of instanceSpecs(options, '/models/tiny.gguf', '127.0.0.1:5000')) {
      expect([flag(spec, '--engine'), flag(spec, '--simulated-model'), flag(spec, '--simulated-hardware'), flag(spec, '--simulated-time-scale'), flag(spec, '--simulated-profile')]).toEqual(['simulated', ...args]);
    }
  });

  it('hands every llama.cpp instance the LoRA adapters', () => {
    const llama = expectOk(compileClusterOptions({ engine: 'llamacpp', lora: ['a=/m/a.gguf', 'b=/m/b.gguf'] }), 'options');
    for (const spec of instanceSpecs(llama, '/models/tiny.gguf', '127.0.0.1:5000')) expect(flag(spec, '--lora')).toBe('a=/m/a.gguf,b=/m/b.gguf');
  });

  it('puts the conductor on the requested host and port, in front of every instance', () => {
    const spec = conductorSpec(options, ['127.0.0.1:1', '127.0.0.1:2'], ['127.0.0.1:3'], '127.0.0.1:5000');
    expect(spec).toMatchObject({ name: 'conductor', role: 'conductor', entry: 'apps/conductor/src/main.ts' });
    expect([flag(spec, '--host'), flag(spec, '--http-port'), flag(spec, '--grpc-port')]).toEqual(['0.0.0.0', '8080', '0']);
    expect([flag(spec, '--prefill'), flag(spec, '--decode'), flag(spec, '--kvpool-address')]).toEqual(['127.0.0.1:1,127.0.0.1:2', '127.0.0.1:3', '127.0.0.1:5000']);
  });

  it('names no prefill instance to a conductor of decode instances alone', () => {
    const decodeOnly = expectOk(compileClusterOptions({ prefill: 0, disaggregation: 'never' }), 'options');
    expect(instanceSpecs(decodeOnly, 'm', 'a:1').map((s) => s.name)).toEqual(['decode-0', 'decode-1']);
    expect(conductorSpec(decodeOnly, [], ['127.0.0.1:3'], 'a:1').args).not.toContain('--prefill');
  });

  it('passes the conductor --disaggregation only when asked, leaving its own default otherwise', () => {
    expect(conductorSpec(options, [], [], 'a:1').args).not.toContain('--disaggregation');
    const always = expectOk(compileClusterOptions({ disaggregation: 'always' }), 'options');
    expect(flag(conductorSpec(always, [], [], 'a:1'), '--disaggregation')).toBe('always');
  });

  it('stops the conductor first, then the instances together, the pool last', () => {
    const specs = [...kvpoolSpecs(options), ...instanceSpecs(options, 'm', 'a:1'), conductorSpec(options, [], [], 'a:1')];
    const groups = stopOrder(specs.map((spec) => ({ spec })));
    expect(groups.map((group) => group.map((s) => s.spec.name))).toEqual([['conductor'], ['prefill-0', 'prefill-1', 'decode-0'], ['kvpool-0']]);
  });

  it('leaves out empty groups', () => {
    expect(stopOrder(kvpoolSpecs(options).map((spec) => ({ spec }))).map((group) => group.length)).toEqual([1]);
  });
});
