import { type AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { setLogger as setGrpcLogger } from '@grpc/grpc-js';
import { createJsonLogger, type Logger } from '@tsukimi/telemetry';
import { GrpcServerHost } from '../grpc/grpc-server.host';
import { registerAdminDrain } from '../http/admin-drain.route';
import { HttpDrain } from '../http/http-drain';
import { guardMetrics } from '../http/metrics-auth.hook';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { ServiceKitModule } from '../module/service-kit.module';
import { createServiceRuntime } from '../runtime/service-runtime';
import { type BootstrapOptions, type RunningService } from './bootstrap.options';
import { GracefulShutdown } from './graceful-shutdown';
import { exitOnSignals } from './process-signals';

/** The entry module: the kit's module beside the service's own. */
@Module({})
class ServiceHostModule {}

/** The logger `bootstrapService` uses: JSON lines on `logSink` (stdout) at `config.logLevel`. */
export function createServiceLogger(
  options: Pick<BootstrapOptions, 'service' | 'config' | 'logSink' | 'logger' | 'clock'>,
): Logger {
  return options.logger ?? createJsonLogger({
    service: options.service,
    sink: options.logSink ?? process.stdout,
    level: options.config.logLevel,
    clock: options.clock,
  });
}

/**
 * Starts a service: its Nest app on fastify with `/healthz`, `/readyz` and `/metrics`, an
 * optional gRPC server, and graceful shutdown on SIGTERM/SIGINT. Resolves once both listeners
 * are bound and readiness is up to the service's own checks; logs `service started` with the
 * ports. On failure, closes whatever it opened and rejects.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const { config } = options;
  const logger = createServiceLogger(options);
  const runtime = createServiceRuntime({
    service: options.service,
    logger,
    clock: options.clock,
    readinessCheckTimeoutMs: options.readinessCheckTimeoutMs,
  });
  const startedMs = runtime.clock.monotonicMs();
  const adapter = new FastifyAdapter(options.fastify);
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: ServiceHostModule, imports: [ServiceKitModule.forRoot(runtime), options.module] },
    adapter,
    { logger: new NestLoggerAdapter(logger.child({ component: 'nest' })), abortOnError: false },
  );
  const http = new HttpDrain(app.getHttpServer());
  http.install(adapter.getInstance());
  const tokens = options.serviceTokens;
  const refused = (plane: 'grpc' | 'metrics') => () => runtime.metrics.get('tsukimi_service_auth_refusals_total').inc({ plane });
  if (tokens !== undefined) guardMetrics(adapter.getInstance(), tokens, refused('metrics'));

  let grpc: GrpcServerHost | undefined;
  // The route exists before the listener binds; the shutdown only once the service has started.
  const started: { shutdown?: GracefulShutdown } = {};
  registerAdminDrain(adapter.getInstance(), {
    tokens,
    drain: (reason) => started.shutdown?.drain(reason) ?? Promise.reject(new Error('the service has not started')),
    counted: (outcome) => runtime.metrics.get('tsukimi_service_drain_calls_total').inc({ outcome }),
  });
  let ports: { httpPort: number; grpcPort: number | undefined };
  try {
    await options.configure?.(app);
    await app.init();
    if (options.grpc) {
      const { services, serverOptions } = options.grpc;
      const auth = tokens === undefined ? undefined : { tokens, onRefused: refused('grpc') };
      grpc = new GrpcServerHost(services(app), logger.child({ component: 'grpc' }), serverOptions, auth);
    }
    await app.listen({ host: config.host, port: config.httpPort });
    const httpPort = (app.getHttpServer().address() as AddressInfo).port;
    ports = { httpPort, grpcPort: await grpc?.bind(config.host, config.grpcPort) };
  } catch (error) {
    grpc?.forceClose();
    // The start failure is what the caller must see; a failure to clean up after it is secondary.
    await app.close().catch((closeError: unknown) => logger.warn('cleanup after a failed start failed', { error: closeError }));
    throw error;
  }

  runtime.lifecycle.markServing();
  const shutdown = new GracefulShutdown({ app, runtime, http, grpc, timeoutMs: config.shutdownTimeoutMs, tracing: options.tracing, onDrained: options.onDrained, beforeDrain: options.beforeDrain });
  started.shutdown = shutdown;
  const close = (reason: string) => shutdown.close(reason);
  const removeSignalHandlers = options.handleSignals === false ? () => {} : exitOnSignals(close, logger);
  logger.info('service started', {
    host: config.host,
    ...ports,
    pid: process.pid,
    startupMs: Math.round(runtime.clock.monotonicMs() - startedMs),
  });
  return {
    app,
    runtime,
    ...ports,
    drain: (reason = 'drain') => shutdown.drain(reason),
    close: async (reason = 'close') => {
      const report = await shutdown.close(reason);
      removeSignalHandlers();
      return report;
    },
  };
}

/**
 * `bootstrapService` for a `main.ts`: on failure to start, logs `service failed to start` with
 * the error and exits 1. Never rejects. Also routes grpc-js's own messages (a process-wide
 * setting, hence only here) into the JSON log instead of bare lines on stderr.
 */
export async function bootstrapServiceOrExit(options: BootstrapOptions): Promise<RunningService> {
  const logger = createServiceLogger(options);
  const grpcLogger = logger.child({ component: 'grpc-js' });
  setGrpcLogger({ error: (...parts: unknown[]) => grpcLogger.warn('grpc-js message', { text: parts.map(String).join(' ') }) });
  try {
    return await bootstrapService({ ...options, logger });
  } catch (error) {
    logger.error('service failed to start', { error });
    return process.exit(1);
  }
}
