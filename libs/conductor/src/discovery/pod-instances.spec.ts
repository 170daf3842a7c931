import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { desiredInstances, diffInstances, instancePort, type PodView, podInstance } from './pod-instances';

const pod = (over: Partial<PodView> = {}): PodView => ({
  name: 'p',
  ip: '10.0.0.1',
  ready: true,
  terminating: false,
  namedPorts: new Map([['grpc', 50051]]),
  ...over,
});
const byNumber = instancePort('7000');
const byName = instancePort('grpc');

describe('instancePort', () => {
  it.each([
    ['7000', { kind: 'number', port: 7000 }],
    ['grpc', { kind: 'name', name: 'grpc' }],
    ['grpc-2', { kind: 'name', name: 'grpc-2' }],
  ])('reads %s', (text, expected) => {
    expect(instancePort(text)).toEqual(expected);
  });
});

describe('podInstance', () => {
  it.each<[string, PodView, ReturnType<typeof instancePort>, string | undefined]>([
    ['ready, by port number', pod(), byNumber, '10.0.0.1:7000'],
    ['ready, by port name', pod(), byName, '10.0.0.1:50051'],
    ['IPv6 address', pod({ ip: 'fd00::1' }), byName, '[fd00::1]:50051'],
    ['not ready', pod({ ready: false }), byName, undefined],
    ['terminating though still ready', pod({ terminating: true }), byName, undefined],
    ['no IP yet', pod({ ip: undefined }), byNumber, undefined],
    ['no container port of that name', pod(), instancePort('http'), undefined],
  ])('%s', (_, view, port, expected) => {
    expect(podInstance(view, port)).toBe(expected);
  });
});

describe('desiredInstances', () => {
  it('takes each role\'s ready pods, and the first role when one address shows up under both', () => {
    const desired = desiredInstances(
      {
        prefill: [pod({ name: 'a', ip: '10.0.0.1' }), pod({ name: 'b', ip: '10.0.0.2', ready: false })],
        decode: [pod({ name: 'c', ip: '10.0.0.3' }), pod({ name: 'a-too', ip: '10.0.0.1' })],
      },
      byName,
    );
    expect([...desired]).toEqual([
      ['10.0.0.1:50051', 'prefill'],
      ['10.0.0.3:50051', 'decode'],
    ]);
  });
});

describe('diffInstances', () => {
  const set = (...entries: [string, InstanceRole][]) => new Map(entries.map(([id, role]) => [id as InstanceId, role]));

  it.each<[string, Map<InstanceId, InstanceRole>, Map<InstanceId, InstanceRole>, { add: { id: string; role: InstanceRole }[]; remove: string[] }]>([
    ['nothing to do', set(['a', 'prefill']), set(['a', 'prefill']), { add: [], remove: [] }],
    ['a pod became ready', set(), set(['a', 'prefill']), { add: [{ id: 'a', role: 'prefill' }], remove: [] }],
    ['a pod became unready or went', set(['a', 'prefill'], ['b', 'decode']), set(['b', 'decode']), { add: [], remove: ['a'] }],
    ['an address moved to the other role', set(['a', 'prefill']), set(['a', 'decode']), { add: [{ id: 'a', role: 'decode' }], remove: ['a'] }],
    ['one in, one out', set(['a', 'decode']), set(['b', 'decode']), { add: [{ id: 'b', role: 'decode' }], remove: ['a'] }],
  ])('%s', (_, current, desired, expected) => {
    expect(diffInstances(current, desired)).toEqual(expected);
  });
});
