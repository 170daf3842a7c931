import { type INestApplication } from '@nestjs/common';
import { type GrpcServerHost } from '../grpc/grpc-server.host';
import { type HttpDrain } from '../http/http-drain';
import { type ServiceRuntime } from '../runtime/service-runtime';
import { type ShutdownReport } from './bootstrap.options';

export interface ShutdownParts {
  readonly app: INestApplication;
  readonly runtime: ServiceRuntime;
  readonly http: HttpDrain;
  readonly grpc: GrpcServerHost | undefined;
  readonly timeoutMs: number;
}

/**
 * The shutdown sequence, run once: drain (readiness false, listeners closed, in-flight work
 * finishing), cut what is left when the timeout ends, and only then close the Nest app, so
 * that providers outlive the requests that use them.
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

    const timedOut = await firstOf(drained, timeoutMs);
    if (timedOut) {
      logger.warn('drain timed out, cutting in-flight work', { reason, timeoutMs });
      http.forceClose();
      grpc?.forceClose();
      await drained;
    }
    const drainMs = Math.round(clock.monotonicMs() - startedMs);
    await app.close();
    lifecycle.markStopped();
    logger.info('service stopped', { reason, drainMs, timedOut });
    return { reason, drainMs, timedOut };
  }
}

/** Resolves false when `work` settles first, true when `timeoutMs` passes first. */
async function firstOf(work: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
