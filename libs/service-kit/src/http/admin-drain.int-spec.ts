import { RecordingLogger } from '@tsukimi/telemetry';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import { type BootstrapOptions, type HandedOver, type RunningService } from '../bootstrap/bootstrap.options';
import { FixtureModule, FixtureState, fixtureGrpcServices } from '../testing/fixture.module';
import { httpGet } from '../testing/http-get';
import { sampleValue } from '../testing/prometheus-text';
import { until } from '../testing/until';
import { ADMIN_DRAIN_PATH } from './admin-drain.route';

const config: BootstrapOptions['config'] = { host: '127.0.0.1', httpPort: 0, grpcPort: 0, logLevel: 'debug', shutdownTimeoutMs: 10_000 };
const TOKEN = 'fixture-service-token-of-enough-length';

const drainCall = (port: number, token?: string) =>
  fetch(`http://127.0.0.1:${port}${ADMIN_DRAIN_PATH}`, { method: 'POST', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('POST /admin/drain', () => {
  const started: RunningService[] = [];
  const start = async (options: Partial<BootstrapOptions> = {}) => {
    const handovers: string[] = [];
    const beforeDrain = async (): Promise<void> => void handovers.push(`before, ${running.runtime.lifecycle.state}`);
    const onDrained = async (): Promise<HandedOver> => {
      handovers.push(running.runtime.lifecycle.state);
      return { handedBlocks: 3, handedBytes: 3 * 4096 };
    };
    const running = await bootstrapService({ service: 'fixture', module: FixtureModule, config, grpc: { services: fixtureGrpcServices }, logger: new RecordingLogger(), handleSignals: false, beforeDrain, onDrained, ...options });
    started.push(running);
    return { running, handovers, state: running.app.get(FixtureState) };
  };
  const drainCalls = async (running: RunningService, outcome: string) => sampleValue((await httpGet(running.httpPort, '/metrics')).body, `tsukimi_service_drain_calls_total{outcome="${outcome}"}`) ?? 0;
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.close('test cleanup')));
  });

  it('drains without stopping: unready at once, new work refused, answers once in-flight work is done with what was handed over; probes still answer', async () => {
    const { running, handovers, state } = await start();
    const inFlight = httpGet(running.httpPort, '/fixture/slow');
    await state.release.whenWaiting(1);

    let answered = false;
    const drained = drainCall(running.httpPort).then((response) => ((answered = true), response));
    await until('the drain to fail readiness', async () => (await httpGet(running.httpPort, '/readyz')).status === 503);
    expect((await httpGet(running.httpPort, '/fixture/work')).status).toBe(503);
    expect(answered).toBe(false);
    expect(handovers).toEqual(['before, serving']);

    state.release.open();
    expect((await inFlight).status).toBe(200);
    const response = await drained;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ object: 'drain', reason: 'admin', drainMs: expect.any(Number), timedOut: false, handedOver: { handedBlocks: 3, handedBytes: 12_288 } });
    expect(handovers).toEqual(['before, serving', 'draining']);
    expect((await httpGet(running.httpPort, '/healthz')).status).toBe(200);
    expect(running.runtime.lifecycle.state).toBe('draining');
    expect(await drainCalls(running, 'drained')).toBe(1);
  });

  it('answers a repeated call with the same report, and a close after it does not hand over again', async () => {
    const { running, handovers } = await start();
    const first = (await (await drainCall(running.httpPort)).json()) as { drainMs: number };
    const second = await (await drainCall(running.httpPort)).json();
    expect(second).toEqual(first);
    expect(await running.close('SIGTERM')).toEqual({ reason: 'SIGTERM', drainMs: first.drainMs, timedOut: false });
    expect(handovers).toHaveLength(2);
    expect(running.runtime.lifecycle.state).toBe('stopped');
  });

  it('needs the service token when tokens are configured: 401 with an OpenAI-style error, counted, and no drain', async () => {
    const { running, handovers } = await start({ serviceTokens: { accepts: (presented) => presented === TOKEN } });
    for (const token of [undefined, 'not-the-token']) {
      const refused = await drainCall(running.httpPort, token);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: { message: expect.stringContaining('Bearer <service token>'), type: 'invalid_request_error', param: null, code: 'invalid_service_token' } });
    }
    expect((await httpGet(running.httpPort, '/readyz')).status).toBe(200);
    expect(handovers).toEqual([]);
    expect((await drainCall(running.httpPort, TOKEN)).status).toBe(200);
    expect(handovers).toHaveLength(2);
    await expect(running.runtime.metrics.get('tsukimi_service_drain_calls_total').get()).resolves.toMatchObject({ values: expect.arrayContaining([expect.objectContaining({ labels: { outcome: 'unauthorized' }, value: 2 })]) });
  });
});
