import { type INestApplication } from '@nestjs/common';
import { type TracingHandle } from '@tsukimi/tracing';
import { type GrpcServerHost } from '../grpc/grpc-server.host';
import { type HttpDrain } from '../http/http-drain';
import { type ServiceRuntime } from '../runtime/service-runtime';
import { type ShutdownReport } from './bootstrap.options';
import { settlesWithin } from './settles-within';

/**
 * How long a stopping service waits for its last spans to reach the collector. Short: the pod's
 * grace period leaves 5 s past the drain, and a collector that does not answer must not turn a
 * clean stop into a SIGKILL; past it the process exits without those spans.
 */
export const TRACE_FLUSH_TIMEOUT_MS = 2_000;

export interface ShutdownParts {
  readonly app: INestApplication;
  readonly runtime: ServiceRuntime;
  readonly http: HttpDrain;
  readonly grpc: GrpcServerHost | undefined;
  readonly timeoutMs: number;
  /** The process's tracing, flushed once the app is closed; absent while tracing is off. */
  readonly tracing?: Pick<TracingHandle, 'flush'> | undefined;
  /** Bounds the flush; `TRACE_FLUSH_TIMEOUT_MS` when absent. */
  readonly traceFlushTimeoutMs?: number;
}

/**
 * The shutdown sequence, run once: drain (readiness false, listeners closed, in-flight work
 * finishing), cut what is left when the timeout ends, and only then close the Nest app, so
 * that providers outlive the requests that use them. Last, flush the spans still batched (those
 * of the final half second, and of the shutdown hooks), bounded by a timeout, before the exit.
 */
export class GracefulShutdown {
  private running: Promise<ShutdownReport> | undefined;

  constructor(private readonly parts: ShutdownParts) {}

  close(reason: string): Promise<ShutdownReport> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private async run(reason: string): Promise<ShutdownReport> {
    const { app, runtime, http, grpc, timeoutMs } = this.parts;
    const { lifecycle, logger, clock } = runtime;
    const startedMs = clock.monotonicMs();
    lifecycle.beginDrain();
    const drained = Promise.all([http.drain(), grpc?.drain()]).then(() => false);
    logger.info('service draining', { reason, timeoutMs });

    const timedOut = !(await settlesWithin(drained, timeoutMs));
    if (timedOut) {
      logger.warn('drain timed out, cutting in-flight work', { reason, timeoutMs });
      http.forceClose();
      grpc?.forceClose();
      await drained;
    }
    const drainMs = Math.round(clock.monotonicMs() - startedMs);
    await app.close();
    await this.flushTraces();
    lifecycle.markStopped();
    logger.info('service stopped', { reason, drainMs, timedOut });
    return { reason, drainMs, timedOut };
  }

  private async flushTraces(): Promise<void> {
    const { tracing, runtime } = this.parts;
    if (tracing === undefined) return;
    const timeoutMs = this.parts.traceFlushTimeoutMs ?? TRACE_FLUSH_TIMEOUT_MS;
    if (!(await settlesWithin(tracing.flush(), timeoutMs))) runtime.logger.warn('trace flush timed out, exiting without the last spans', { timeoutMs });
  }
}
