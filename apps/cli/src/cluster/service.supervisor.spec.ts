import { LineTail } from './line-tail';
import { startedPorts } from './service.supervisor';

describe('startedPorts', () => {
  it.each([
    [{ msg: 'service started', httpPort: 8000, grpcPort: 50051, pid: 1 }, { httpPort: 8000, grpcPort: 50051, dataPort: undefined }],
    [{ msg: 'service started', httpPort: 8000 }, { httpPort: 8000, grpcPort: undefined, dataPort: undefined }],
    [{ msg: 'service started', httpPort: 1, grpcPort: 2, dataPort: 3 }, { httpPort: 1, grpcPort: 2, dataPort: 3 }],
    [{ msg: 'service started', httpPort: 1, grpcPort: 2, instanceId: 'prefill-3' }, { httpPort: 1, grpcPort: 2, dataPort: undefined, instanceId: 'prefill-3' }],
    [{ msg: 'data plane listening', dataPort: 3 }, undefined],
    [{ msg: 'service started', httpPort: '8000' }, undefined],
  ])('%j → %j', (record, ports) => {
    expect(startedPorts(record)).toEqual(ports);
  });
});

describe('LineTail', () => {
  it('keeps the last lines, oldest first', () => {
    const tail = new LineTail(2);
    for (const line of ['a', 'b', 'c']) tail.push(line);
    expect(tail.lines()).toEqual(['b', 'c']);
  });
});
