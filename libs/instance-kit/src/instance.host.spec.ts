import { hostedInstanceIds, type HostSettings } from './instance.host';

const simulated: HostSettings = { engine: 'simulated', instanceIds: [], httpPort: 0, grpcPort: 0 };

describe('hostedInstanceIds', () => {
  it.each<[Partial<HostSettings>, readonly string[]]>([
    [{ instanceId: 'prefill-7' }, ['prefill-7']],
    [{ engine: 'reference', instanceId: 'prefill-7', httpPort: 8101, grpcPort: 50061 }, ['prefill-7']],
    [{ instanceIds: ['prefill-0', 'prefill-1', 'prefill-2'] }, ['prefill-0', 'prefill-1', 'prefill-2']],
    [{ instanceIds: ['prefill-0'], httpPort: 8101, grpcPort: 50061 }, ['prefill-0']],
  ])('hosts %j as %j', (settings, ids) => {
    expect(hostedInstanceIds('prefill', { ...simulated, ...settings })).toEqual({ ok: true, value: ids });
  });

  it('defaults to the one id of the process', () => {
    expect(hostedInstanceIds('decode', simulated)).toEqual({ ok: true, value: [expect.stringMatching(new RegExp(`^decode-.+-${process.pid}$`))] });
  });

  it.each<[Partial<HostSettings>, RegExp]>([
    [{ engine: 'llamacpp', instanceIds: ['a', 'b'] }, /^--instance-ids needs --engine simulated, got --engine llamacpp$/],
    [{ instanceIds: ['a', 'b'], instanceId: 'c' }, /^--instance-ids and --instance-id exclude each other$/],
    [{ instanceIds: ['a', 'b', 'a'] }, /^--instance-ids must not repeat an id, got a,b,a$/],
    [{ instanceIds: ['a', 'b'], httpPort: 8101 }, /^--instance-ids with several ids needs --http-port 0 and --grpc-port 0/],
    [{ instanceIds: ['a', 'b'], grpcPort: 50061 }, /^--instance-ids with several ids needs --http-port 0 and --grpc-port 0/],
  ])('refuses %j, naming the flag', (settings, message) => {
    const ids = hostedInstanceIds('prefill', { ...simulated, ...settings });
    expect(ids.ok ? '' : ids.error).toMatch(message);
  });
});
