import { instancePort, type PodView } from './pod-instances';
import { masterAddresses, PoolMasters } from './pool-masters';

const pod = (name: string, ip: string, over: Partial<PodView> = {}): PodView => ({ name, ip, ready: true, terminating: false, namedPorts: new Map([['grpc', 50061]]), ...over });

describe('masterAddresses', () => {
  it.each<[string, PodView[], string[]]>([
    ['none', [], []],
    ['ready ones in ordinal order, 10 after 2', [pod('m-10', '10.0.0.10'), pod('m-2', '10.0.0.2'), pod('m-0', '10.0.0.1')], ['10.0.0.1:50061', '10.0.0.2:50061', '10.0.0.10:50061']],
    ['not the unready, terminating or unscheduled', [pod('m-0', '10.0.0.1', { ready: false }), pod('m-1', '10.0.0.2', { terminating: true }), pod('m-2', '', { ip: undefined }), pod('m-3', '10.0.0.4')], ['10.0.0.4:50061']],
    ['one address once', [pod('m-0', '10.0.0.1'), pod('m-0-again', '10.0.0.1')], ['10.0.0.1:50061']],
  ])('%s', (_, pods, expected) => {
    expect(masterAddresses(pods, instancePort('grpc'))).toEqual(expected);
  });
});

describe('PoolMasters', () => {
  it('tells its listeners of changes only, until they stop listening', () => {
    const masters = new PoolMasters(['a:1']);
    const heard: (readonly string[])[] = [];
    const stop = masters.onChange((addresses) => heard.push(addresses));
    masters.update(['a:1']);
    masters.update(['a:1', 'b:2']);
    masters.update(['b:2', 'a:1']);
    masters.update([]);
    stop();
    masters.update(['c:3']);
    expect(heard).toEqual([['a:1', 'b:2'], ['b:2', 'a:1'], []]);
    expect(masters.current()).toEqual(['c:3']);
  });
});
