import { type INestApplication } from '@nestjs/common';
import { type TracingHandle } from '@tsukimi/tracing';
import { type GrpcServerHost } from '../grpc/grpc-server.host';
import { type HttpDrain } from '../http/http-drain';
import { type ServiceRuntime } from '../runtime/service-runtime';
import { type DrainReport, type HandedOver, type ShutdownReport } from './bootstrap.options';
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
  /** The service's own drain work, once in-flight work is done (see `BootstrapOptions.onDrained`). */
  readonly onDrained?: () => Promise<HandedOver | undefined>;
  /** Run before readiness turns false (see `BootstrapOptions.beforeDrain`). */
  readonly beforeDrain?: () => Promise<void>;
}

/**
 * The shutdown sequence, each step run once. The drain: when it was asked for, the service's `beforeDrain` while it still serves; then readiness false, new HTTP requests and gRPC
 * calls refused, in-flight ones finishing (cut when the timeout ends), then the service's own drain
 * work; it can run alone (`POST /admin/drain`), leaving the process up with its probes answering.
 * The close: the drain if it has not run, the HTTP listener closed, and only then the Nest app, so
 * that providers outlive the requests that use them. Last, flush the spans still batched (those of
 * the final half second, and of the shutdown hooks), bounded by a timeout, before the exit.
 */
export class GracefulShutdown {
  private draining: Promise<DrainReport> | undefined;
  private closing: Promise<ShutdownReport> | undefined;

  constructor(private readonly parts: ShutdownParts) {}

  /** A drain asked for (`POST /admin/drain`, the planner's scale-in): `beforeDrain` runs first, while the service still serves. */
  drain(reason: string): Promise<DrainReport> {
    this.draining ??= this.runDrain(reason, true);
    return this.draining;
  }

  close(reason: string): Promise<ShutdownReport> {
    this.closing ??= this.runClose(reason);
    return this.closing;
  }

  private async runDrain(reason: string, servingFirst: boolean): Promise<DrainReport> {
    const { runtime, http, grpc, timeoutMs } = this.parts;
    const { lifecycle, logger, clock } = runtime;
    const startedMs = clock.monotonicMs();
    if (servingFirst) await this.parts.beforeDrain?.();
    lifecycle.beginDrain();
    http.refuseNew();
    const drained = Promise.all([http.idle(), grpc?.drain()]);
    logger.info('service draining', { reason, timeoutMs });

    const timedOut = !(await settlesWithin(drained, timeoutMs));
    if (timedOut) {
      logger.warn('drain timed out, cutting in-flight work', { reason, timeoutMs });
      http.forceClose();
      grpc?.forceClose();
      await drained;
    }
    const handedOver = await this.parts.onDrained?.();
    const drainMs = Math.round(clock.monotonicMs() - startedMs);
    logger.info('service drained', { reason, drainMs, timedOut });
    return { reason, drainMs, timedOut, ...(handedOver ? { handedOver } : {}) };
  }

  private async runClose(reason: string): Promise<ShutdownReport> {
    const { app, runtime, http, timeoutMs } = this.parts;
    const { lifecycle, logger } = runtime;
    // Going for good: the listener closes at once (an admin drain kept it up for probes and scrapes).
    const closed = http.drain();
    // A signal stops new work at once, with no serving pass first: whoever sends it (the kubelet,
    // an operator) expects the instance to leave the routing set now. A drain asked for earlier
    // has already run its serving pass.
    this.draining ??= this.runDrain(reason, false);
    // A failed drain work (a handover that threw) must not keep the process from closing.
    const drained = await this.draining.catch((error: unknown): ShutdownReport => {
      logger.error('drain work failed', { reason, error });
      return { reason, drainMs: 0, timedOut: false };
    });
    // What is still open are probes, scrapes and drain calls: bounded all the same.
    if (!(await settlesWithin(closed, timeoutMs))) {
      http.forceClose();
      await closed;
    }
    await app.close();
    await this.flushTraces();
    lifecycle.markStopped();
    logger.info('service stopped', { reason, drainMs: drained.drainMs, timedOut: drained.timedOut });
    return { reason, drainMs: drained.drainMs, timedOut: drained.timedOut };
  }

  private async flushTraces(): Promise<void> {
    const { tracing, runtime } = this.parts;
    if (tracing === undefined) return;
    const timeoutMs = this.parts.traceFlushTimeoutMs ?? TRACE_FLUSH_TIMEOUT_MS;
    if (!(await settlesWithin(tracing.flush(), timeoutMs))) runtime.logger.warn('trace flush timed out, exiting without the last spans', { timeoutMs });
  }
}
