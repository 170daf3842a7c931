import { status, type ServiceError } from '@grpc/grpc-js';
import { expectOk } from '@tsukimi/result';
import { RecordingLogger } from '@tsukimi/telemetry';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import { type RunningService } from '../bootstrap/bootstrap.options';
import { FixtureClient } from '../testing/fixture.grpc';
import { FixtureModule, fixtureGrpcServices } from '../testing/fixture.module';
import { sampleValue } from '../testing/prometheus-text';
import { serviceClientOptions } from './grpc-token.interceptor';
import { ServiceTokenSet } from './service-token.set';

const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-fedcba9876543210';

/** How a server stream ended: the messages that came, and its error if any. */
function drain(client: FixtureClient, count: number): Promise<{ received: number; code?: number }> {
  return new Promise((resolve) => {
    let received = 0;
    const stream = client.count(count);
    stream.on('data', () => received++);
    stream.on('error', (error: ServiceError) => resolve({ received, code: error.code }));
    stream.on('end', () => resolve({ received }));
  });
}

describe('a service holding service tokens (gRPC and /metrics through bootstrapService)', () => {
  let running: RunningService;
  const clients: FixtureClient[] = [];
  const client = (sending?: string) => {
    clients.push(new FixtureClient(running.grpcPort ?? 0, '127.0.0.1', serviceClientOptions(sending === undefined ? undefined : { sending: () => sending })));
    return clients[clients.length - 1] as FixtureClient;
  };
  const scrape = (authorization?: string) => fetch(`http://127.0.0.1:${running.httpPort}/metrics`, authorization === undefined ? {} : { headers: { authorization } });

  beforeAll(async () => {
    running = await bootstrapService({
      service: 'fixture',
      module: FixtureModule,
      config: { host: '127.0.0.1', httpPort: 0, grpcPort: 0, logLevel: 'info', shutdownTimeoutMs: 5_000 },
      grpc: { services: fixtureGrpcServices },
      logger: new RecordingLogger(),
      handleSignals: false,
      serviceTokens: expectOk(ServiceTokenSet.parse(`${OLD}\n${NEW}\n`), 'tokens'),
    });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await running.close('test cleanup');
  });

  it.each([
    ['no token', undefined],
    ['another token', 'not-a-token-0123456789abcdef'],
  ])('ends unary and streaming calls with %s UNAUTHENTICATED before the handler sends anything', async (_name, sending) => {
    const refused = client(sending);
    await expect(refused.echo('hello')).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(drain(refused, 3)).resolves.toEqual({ received: 0, code: status.UNAUTHENTICATED });
  });

  it.each([OLD, NEW])('serves calls that carry an accepted token (%s)', async (token) => {
    const accepted = client(token);
    await expect(accepted.echo('hello')).resolves.toBe('hello');
    await expect(drain(accepted, 3)).resolves.toEqual({ received: 3 });
  });

  it('answers /metrics 401 without a bearer token, keeps the probes open, and counts each refusal by plane', async () => {
    const refusedScrape = await scrape();
    expect([refusedScrape.status, refusedScrape.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    expect(await refusedScrape.json()).toMatchObject({ error: { code: 'invalid_service_token' } });
    expect((await scrape(OLD)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${running.httpPort}/healthz`)).status).toBe(200);
    const text = await (await scrape(`Bearer ${NEW}`)).text();
    expect([sampleValue(text, 'tsukimi_service_auth_refusals_total{plane="grpc"}'), sampleValue(text, 'tsukimi_service_auth_refusals_total{plane="metrics"}')]).toEqual([4, 2]);
  });
});
