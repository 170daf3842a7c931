import { type ServiceSpec } from './cluster.plan';
import { pinPorts } from './pinned-ports';

describe('pinPorts', () => {
  const spec: ServiceSpec = {
    name: 'kvpool-0',
    role: 'kvpool',
    entry: 'apps/kvpool/src/main.ts',
    args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--data-port', '0', '--dram-bytes', '512MiB'],
  };

  it('restarts a service on the ports it bound the first time, every other flag as it was', () => {
    const pinned = pinPorts(spec, [{ httpPort: 41001, grpcPort: 41002, dataPort: 41003, instanceId: undefined }]);
    expect(pinned?.args).toEqual(['--host', '127.0.0.1', '--http-port', '41001', '--grpc-port', '41002', '--data-port', '41003', '--dram-bytes', '512MiB']);
    expect(spec.args[3]).toBe('0');
  });

  it('leaves a flag the service did not report a port for', () => {
    const pinned = pinPorts(spec, [{ httpPort: 41001, grpcPort: 41002, dataPort: undefined, instanceId: undefined }]);
    expect(pinned?.args.slice(6, 8)).toEqual(['--data-port', '0']);
  });

  it('cannot pin a process hosting several instances', () => {
    const hosted = { ...spec, name: 'decode-host-0', role: 'decode' as const, instanceIds: ['decode-0', 'decode-1'] };
    const ports = { httpPort: 1, grpcPort: 2, dataPort: undefined, instanceId: 'decode-0' };
    expect(pinPorts(hosted, [ports, { ...ports, instanceId: 'decode-1' }])).toBeUndefined();
  });
});
