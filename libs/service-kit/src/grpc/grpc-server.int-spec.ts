import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { RecordingLogger } from '@tsukimi/telemetry';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import { type BootstrapOptions, type RunningService } from '../bootstrap/bootstrap.options';
import { FixtureClient, type CountReply } from '../testing/fixture.grpc';
import { MAX_STATUS_DETAILS_CHARS } from './grpc-status.bound';
import { FixtureModule, FixtureState, fixtureGrpcServices } from '../testing/fixture.module';

const config: BootstrapOptions['config'] = { host: '127.0.0.1', httpPort: 0, grpcPort: 0, logLevel: 'info', shutdownTimeoutMs: 10_000 };

/** Collects a server stream: the messages that arrived, then how it ended. */
function collect(stream: ClientReadableStream<CountReply>) {
  const indices: number[] = [];
  const firstMessage = new Promise<void>((resolve) => stream.once('data', () => resolve()));
  stream.on('data', (reply: CountReply) => indices.push(reply.index));
  const ended = new Promise<{ indices: number[]; error?: ServiceError }>((resolve) => {
    stream.on('error', (error: ServiceError) => resolve({ indices, error }));
    stream.on('end', () => resolve({ indices }));
  });
  return { firstMessage, ended };
}

describe('gRPC through bootstrapService', () => {
  let running: RunningService;
  let client: FixtureClient;
  let state: FixtureState;
  let logger: RecordingLogger;

  const start = async (shutdownTimeoutMs = config.shutdownTimeoutMs) => {
    logger = new RecordingLogger();
    running = await bootstrapService({
      service: 'fixture',
      module: FixtureModule,
      config: { ...config, shutdownTimeoutMs },
      grpc: { services: fixtureGrpcServices },
      logger,
      handleSignals: false,
    });
    state = running.app.get(FixtureState);
    client = new FixtureClient(running.grpcPort ?? 0);
  };
  afterEach(async () => {
    client.close();
    await running.close('test cleanup');
  });

  it('binds a free port and reports it', async () => {
    await start();
    expect(running.grpcPort).toBeGreaterThan(0);
    expect(logger.withMessage('service started')[0]?.fields).toMatchObject({ grpcPort: running.grpcPort });
  });

  it('serves a unary call', async () => {
    await start();
    await expect(client.echo('hello')).resolves.toBe('hello');
  });

  it('serves a server stream to its end', async () => {
    await start();
    await expect(collect(client.count(5)).ended).resolves.toEqual({ indices: [0, 1, 2, 3, 4] });
  });

  it('ends a call at its deadline, and the handler sees the cancellation', async () => {
    await start();
    const deadline = new Date(Date.now() + 100);
    await expect(client.echo('hold', deadline)).rejects.toMatchObject({ code: status.DEADLINE_EXCEEDED });
    await state.cancelled.wait();
  });

  it('tells the handler when the client cancels a stream', async () => {
    await start();
    const stream = client.count(3, true);
    const { firstMessage, ended } = collect(stream);
    await firstMessage;
    stream.cancel();
    await expect(ended).resolves.toMatchObject({ indices: [0], error: { code: status.CANCELLED } });
    await state.cancelled.wait();
  });

  it('answers INTERNAL and logs when a handler rejects, and keeps serving', async () => {
    await start();
    await expect(client.echo('fail')).rejects.toMatchObject({ code: status.INTERNAL, details: 'internal error' });
    expect(logger.withMessage('grpc handler failed')[0]?.fields).toMatchObject({
      method: '/tsukimi.testing.Fixture/Echo',
      error: expect.objectContaining({ message: 'fixture failure' }),
    });
    await expect(client.echo('still here')).resolves.toBe('still here');
  });

  it('bounds the status message a handler ends a call with, so the call and the connection still complete', async () => {
    await start();
    const long = `refuse:${'x'.repeat(200_000)}`;
    const unary = await client.echo(long).then(() => undefined, (error: ServiceError) => error);
    expect(unary?.code).toBe(status.INVALID_ARGUMENT);
    expect(unary?.details.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS_CHARS + 32);
    expect(unary?.details).toMatch(/^refused refuse:x+… \(200015 characters\)$/);
    const streamed = await collect(client.count(300_000)).ended;
    expect(streamed.error?.code).toBe(status.OUT_OF_RANGE);
    expect(streamed.error?.details.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS_CHARS + 32);
    // The same connection carries the next calls.
    await expect(client.echo('after')).resolves.toBe('after');
    await expect(collect(client.count(2)).ended).resolves.toEqual({ indices: [0, 1] });
  });

  it('drains: an open stream finishes during shutdown while new calls are refused', async () => {
    await start();
    const { firstMessage, ended } = collect(client.count(4, true));
    await firstMessage;

    const closing = running.close('test');
    const latecomer = new FixtureClient(running.grpcPort ?? 0);
    try {
      await expect(latecomer.echo('too late', new Date(Date.now() + 5_000))).rejects.toMatchObject({ code: status.UNAVAILABLE });
    } finally {
      latecomer.close();
    }
    state.release.open();
    await expect(ended).resolves.toEqual({ indices: [0, 1, 2, 3] });
    await expect(closing).resolves.toMatchObject({ timedOut: false });
  });

  it('cancels streams still open when the drain times out', async () => {
    await start(200);
    const { firstMessage, ended } = collect(client.count(4, true));
    await firstMessage;
    await expect(running.close('test')).resolves.toMatchObject({ timedOut: true });
    const outcome = await ended;
    expect(outcome.indices).toEqual([0]);
    expect(outcome.error?.code).toBeDefined();
  });
});
