import { RecordingLogger } from '@tsukimi/telemetry';
import { FixtureModule, FixtureState, fixtureGrpcServices } from '../testing/fixture.module';
import * as http from 'node:http';
import { logVerbosity, setLogVerbosity } from '@grpc/grpc-js';
import { freePort } from '../testing/free-port';
import { httpGet, httpGetWith } from '../testing/http-get';
import { invalidExpositionLines, sampleValue } from '../testing/prometheus-text';
import { bootstrapService } from './bootstrap-service';
import { type BootstrapOptions, type RunningService } from './bootstrap.options';

const config: BootstrapOptions['config'] = { host: '127.0.0.1', httpPort: 0, grpcPort: 0, logLevel: 'debug', shutdownTimeoutMs: 10_000 };

describe('bootstrapService (in process)', () => {
  const started: RunningService[] = [];
  const start = async (overrides: Partial<typeof config> = {}) => {
    const logger = new RecordingLogger();
    const running = await bootstrapService({
      service: 'fixture',
      module: FixtureModule,
      config: { ...config, ...overrides },
      grpc: { services: fixtureGrpcServices },
      logger,
      handleSignals: false,
    });
    started.push(running);
    return { running, logger, state: running.app.get(FixtureState) };
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.close('test cleanup')));
  });

  it('listens on a free port and logs `service started` with it', async () => {
    const { running, logger } = await start();
    expect(running.httpPort).toBeGreaterThan(0);
    expect(logger.withMessage('service started')).toEqual([
      expect.objectContaining({ level: 'info', fields: expect.objectContaining({ httpPort: running.httpPort, host: '127.0.0.1' }) }),
    ]);
  });

  it('serves no gRPC when none is asked for', async () => {
    const running = await bootstrapService({ service: 'plain', module: FixtureModule, config, logger: new RecordingLogger(), handleSignals: false });
    started.push(running);
    expect(running.grpcPort).toBeUndefined();
  });

  it('sends Nest\'s own logs through the service logger', async () => {
    const { logger } = await start();
    expect(logger.withMessage('Nest application successfully started')).toEqual([
      expect.objectContaining({ level: 'debug', fields: expect.objectContaining({ context: 'NestApplication' }) }),
    ]);
  });

  it('answers /healthz with 200', async () => {
    const { running } = await start();
    const response = await httpGet(running.httpPort, '/healthz');
    expect([response.status, JSON.parse(response.body)]).toEqual([200, { status: 'ok' }]);
  });

  it('answers /readyz with 503 naming the failing check while it fails, and 200 again after', async () => {
    const { running, state } = await start();
    expect((await httpGet(running.httpPort, '/readyz')).status).toBe(200);

    state.ready = false;
    const unready = await httpGet(running.httpPort, '/readyz');
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.body)).toEqual({
      status: 'not ready',
      ready: false,
      state: 'serving',
      checks: { lifecycle: { status: 'up' }, fixture: { status: 'down', reason: 'fixture not ready' } },
    });

    state.ready = true;
    expect((await httpGet(running.httpPort, '/readyz')).status).toBe(200);
  });

  it('serves valid Prometheus text with default process metrics and the service\'s own', async () => {
    const { running } = await start();
    await httpGet(running.httpPort, '/fixture/work');
    await httpGet(running.httpPort, '/fixture/work');
    const response = await httpGet(running.httpPort, '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(invalidExpositionLines(response.body)).toEqual([]);
    expect(response.body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(response.body).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(response.body).toContain('# TYPE tsukimi_conductor_requests_total counter');
    expect(sampleValue(response.body, 'tsukimi_conductor_requests_total{status_code="200"}')).toBe(2);
  });

  it('keeps two services in one process apart: each has its own registry and readiness', async () => {
    const first = await start();
    const second = await start();
    await httpGet(first.running.httpPort, '/fixture/work');
    first.state.ready = false;
    const [firstMetrics, secondMetrics] = await Promise.all([
      httpGet(first.running.httpPort, '/metrics'),
      httpGet(second.running.httpPort, '/metrics'),
    ]);
    expect(sampleValue(firstMetrics.body, 'tsukimi_conductor_requests_total{status_code="200"}')).toBe(1);
    expect(secondMetrics.body).not.toContain('tsukimi_conductor_requests_total{');
    expect(secondMetrics.body).toContain('process_cpu_user_seconds_total');
    expect((await httpGet(first.running.httpPort, '/readyz')).status).toBe(503);
    expect((await httpGet(second.running.httpPort, '/readyz')).status).toBe(200);
  });

  it('drains: readiness false at once, new connections refused, the in-flight request completes', async () => {
    const { running, state, logger } = await start();
    const inFlight = httpGet(running.httpPort, '/fixture/slow');
    await state.release.whenWaiting(1);

    const closing = running.close('test');
    const fastify = running.app.getHttpAdapter().getInstance();
    const readyz = await fastify.inject({ method: 'GET', url: '/readyz' });
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json()).toMatchObject({ ready: false, state: 'draining', checks: { lifecycle: { status: 'down', reason: 'draining' } } });
    expect((await fastify.inject({ method: 'GET', url: '/fixture/work' })).statusCode).toBe(503);
    await expect(httpGet(running.httpPort, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    state.release.open();
    const response = await inFlight;
    expect([response.status, JSON.parse(response.body)]).toEqual([200, { done: true }]);
    expect(response.headers['connection']).toBe('close');
    expect(await closing).toEqual({ reason: 'test', drainMs: expect.any(Number), timedOut: false });
    expect(running.runtime.lifecycle.state).toBe('stopped');
    expect(logger.records.map((record) => record.message)).toEqual(
      expect.arrayContaining(['service draining', 'service stopped']),
    );
  });

  it('does not wait on keep-alive connections: idle ones, or one whose streamed response ends during the drain', async () => {
    const { running, state } = await start({ shutdownTimeoutMs: 30_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      expect((await httpGetWith(agent, running.httpPort, '/healthz')).status).toBe(200);
      const streamed = httpGetWith(agent, running.httpPort, '/fixture/stream');
      await state.release.whenWaiting(1);
      const closing = running.close('test');
      state.release.open();
      expect((await streamed).body).toBe('data: 0\n\ndata: [DONE]\n\n');
      expect((await closing).timedOut).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  it('cuts in-flight requests when the drain outlasts shutdownTimeoutMs', async () => {
    const { running, state, logger } = await start({ shutdownTimeoutMs: 200 });
    // Its end is read before the close, so that a cut that comes first is not an unhandled rejection.
    const inFlight = httpGet(running.httpPort, '/fixture/slow').then(() => 'served', (error: { code?: string }) => error.code);
    await state.release.whenWaiting(1);
    const report = await running.close('test');
    expect(report.timedOut).toBe(true);
    expect(await inFlight).toBe('ECONNRESET');
    expect(logger.withMessage('drain timed out, cutting in-flight work')).toHaveLength(1);
  });

  it.each(['httpPort', 'grpcPort'] as const)('rejects when %s is taken, closing the listener it had opened', async (key) => {
    // grpc-js also reports the failed bind on stderr; the rejection is what this test checks.
    setLogVerbosity(logVerbosity.NONE);
    const { running } = await start();
    const ownHttpPort = key === 'grpcPort' ? await freePort() : 0;
    const attempt = bootstrapService({
      service: 'fixture',
      module: FixtureModule,
      config: { ...config, httpPort: ownHttpPort, [key]: key === 'httpPort' ? running.httpPort : running.grpcPort },
      grpc: { services: fixtureGrpcServices },
      logger: new RecordingLogger(),
      handleSignals: false,
    });
    await expect(attempt).rejects.toThrow(/EADDRINUSE|No address added/);
    if (key === 'grpcPort') await expect(httpGet(ownHttpPort, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('returns the same report from every close', async () => {
    const { running } = await start();
    const [first, second] = await Promise.all([running.close('first'), running.close('second')]);
    expect(second).toBe(first);
    expect(first.reason).toBe('first');
  });
});
