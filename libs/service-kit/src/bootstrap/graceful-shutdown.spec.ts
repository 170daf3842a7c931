import { createServer } from 'node:http';
import { type INestApplication } from '@nestjs/common';
import { RecordingLogger } from '@tsukimi/telemetry';
import { HttpDrain } from '../http/http-drain';
import { createServiceRuntime } from '../runtime/service-runtime';
import { GracefulShutdown } from './graceful-shutdown';
import { settlesWithin } from './settles-within';

const never = new Promise<void>(() => undefined);

/** A shutdown over a real, unbound HTTP server and runtime; `steps` records the app's close and each flush, in order. */
function shutdownWith(flush: (() => Promise<void>) | undefined, traceFlushTimeoutMs?: number) {
  const logger = new RecordingLogger();
  const runtime = createServiceRuntime({ service: 'fixture', logger, defaultMetrics: false });
  const steps: string[] = [];
  // The shutdown only closes the app: an object with `close` stands in for the Nest application.
  const app = { close: async () => void steps.push('app closed') } as unknown as INestApplication;
  const tracing = flush === undefined ? undefined : { flush: () => (steps.push(`flush while ${runtime.lifecycle.state}`), flush()) };
  const shutdown = new GracefulShutdown({ app, runtime, http: new HttpDrain(createServer()), grpc: undefined, timeoutMs: 1_000, tracing, traceFlushTimeoutMs });
  return { shutdown, steps, logger, runtime };
}

describe('GracefulShutdown flushing traces', () => {
  it('flushes once the app is closed and before the service is stopped, once however often close is called', async () => {
    const { shutdown, steps, logger } = shutdownWith(async () => undefined);
    await Promise.all([shutdown.close('SIGTERM'), shutdown.close('SIGTERM')]);
    expect(steps).toEqual(['app closed', 'flush while draining']);
    expect(logger.withMessage('trace flush timed out, exiting without the last spans')).toEqual([]);
    expect(logger.withMessage('service stopped')).toHaveLength(1);
  });

  it('stops without the last spans when the flush does not settle in time, and says so', async () => {
    const { shutdown, steps, logger, runtime } = shutdownWith(() => never, 20);
    expect(await shutdown.close('SIGTERM')).toMatchObject({ reason: 'SIGTERM', timedOut: false });
    expect(steps).toEqual(['app closed', 'flush while draining']);
    expect(runtime.lifecycle.state).toBe('stopped');
    expect(logger.withMessage('trace flush timed out, exiting without the last spans')).toEqual([expect.objectContaining({ level: 'warn', fields: { timeoutMs: 20 } })]);
  });

  it('stops as before with tracing off', async () => {
    const { shutdown, steps, runtime } = shutdownWith(undefined);
    await shutdown.close('SIGTERM');
    expect(steps).toEqual(['app closed']);
    expect(runtime.lifecycle.state).toBe('stopped');
  });
});

describe('GracefulShutdown serving pass', () => {
  /** A shutdown whose `beforeDrain` records the lifecycle state it ran in. */
  function withServingPass() {
    const runtime = createServiceRuntime({ service: 'fixture', logger: new RecordingLogger(), defaultMetrics: false });
    const ran: string[] = [];
    const app = { close: async () => undefined } as unknown as INestApplication;
    const beforeDrain = async () => void ran.push(`serving pass while ${runtime.lifecycle.state}`);
    const shutdown = new GracefulShutdown({ app, runtime, http: new HttpDrain(createServer()), grpc: undefined, timeoutMs: 1_000, beforeDrain });
    return { shutdown, ran, runtime };
  }

  it('runs before readiness turns false in a drain asked for, and not again at the close after it', async () => {
    const { shutdown, ran, runtime } = withServingPass();
    runtime.lifecycle.markServing();
    await shutdown.drain('admin');
    await shutdown.close('SIGTERM');
    expect(ran).toEqual(['serving pass while serving']);
  });

  it('does not run on a signal: the service stops taking work at once', async () => {
    const { shutdown, ran } = withServingPass();
    await shutdown.close('SIGTERM');
    expect(ran).toEqual([]);
  });
});

describe('settlesWithin', () => {
  it.each([
    ['work that resolves first', true, Promise.resolve('done')],
    ['work that never settles', false, never],
  ])('%s gives %s', async (_, expected, work) => {
    expect(await settlesWithin(work, 20)).toBe(expected);
  });

  it('passes on a rejection that comes first', async () => {
    await expect(settlesWithin(Promise.reject(new Error('drain failed')), 1_000)).rejects.toThrow('drain failed');
  });
});
