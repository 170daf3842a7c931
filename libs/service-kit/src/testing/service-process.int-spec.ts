import * as fs from 'node:fs';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { FixtureClient, type CountReply } from './fixture.grpc';
import { httpGet } from './http-get';
import { invalidExpositionLines } from './prometheus-text';
import { ServiceProcess } from './service-process.harness';

const ENTRY = path.join(__dirname, 'fixture-service.main.ts');

/** A process's session id, from `/proc/<pid>/stat` (the fields after the command's closing parenthesis: state, ppid, pgrp, session). */
const sessionOf = (pid: number | string) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[3]);

describe('a service as a child process', () => {
  let service: ServiceProcess | undefined;
  let client: FixtureClient | undefined;
  afterEach(() => {
    client?.close();
    service?.kill();
  });

  it('serves probes, metrics and gRPC on the ports it logs, in a session of its own when asked', async () => {
    service = await ServiceProcess.start({ entry: ENTRY, ownSession: true });
    expect(sessionOf(service.child.pid!)).toBe(service.child.pid);
    expect(sessionOf('self')).not.toBe(service.child.pid);
    client = new FixtureClient(service.grpcPort ?? 0);
    expect((await httpGet(service.httpPort, '/healthz')).status).toBe(200);
    expect((await httpGet(service.httpPort, '/readyz')).status).toBe(200);
    const metrics = await httpGet(service.httpPort, '/metrics');
    expect(invalidExpositionLines(metrics.body)).toEqual([]);
    expect(metrics.body).toContain('process_resident_memory_bytes');
    await expect(client.echo('hi')).resolves.toBe('hi');
  });

  it('on SIGTERM drains the in-flight request and stream, refuses new connections, and exits 0', async () => {
    service = await ServiceProcess.start({ entry: ENTRY, args: ['--shutdown-timeout-ms', '20s'] });
    client = new FixtureClient(service.grpcPort ?? 0);
    const slow = httpGet(service.httpPort, '/fixture/slow');
    await service.waitForLog('fixture request held');
    const stream = client.count(3, true);
    const indices: number[] = [];
    stream.on('data', (reply: CountReply) => indices.push(reply.index));
    const streamEnded = new Promise<ServiceError | undefined>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    await service.waitForLog('fixture stream held');

    service.signal('SIGTERM');
    await service.waitForLog('service draining');
    await expect(httpGet(service.httpPort, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const latecomer = new FixtureClient(service.grpcPort ?? 0);
    await expect(latecomer.echo('late')).rejects.toMatchObject({ code: status.UNAVAILABLE });
    latecomer.close();

    service.send('release');
    const response = await slow;
    expect([response.status, JSON.parse(response.body)]).toEqual([200, { done: true }]);
    expect(await streamEnded).toBeUndefined();
    expect(indices).toEqual([0, 1, 2]);
    expect(await service.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await service.waitForLog('service stopped')).toMatchObject({ reason: 'SIGTERM', timedOut: false });
  });

  it('exits 2 naming the key when its configuration is bad', async () => {
    await expect(ServiceProcess.start({ entry: ENTRY, args: ['--http-port', 'eighty'] })).rejects.toThrow(/exited \(2\)[\s\S]*--http-port/);
  });
});
