import { type Logger } from '@tsukimi/telemetry';
import { startTracing, type TracingHandle } from '@tsukimi/tracing';
import { type ServiceConfig } from '../config/service-config.schema';

/**
 * Starts OpenTelemetry tracing for a `main.ts` from the shared `otlpEndpoint` and
 * `traceSampleRatio` keys, before any gRPC client is made (their interceptors are chosen when
 * they are built). Undefined when no endpoint is set. A setting that cannot be used stops the
 * process with a message naming the key, as any bad configuration does.
 */
export function startServiceTracingOrExit(service: string, config: Pick<ServiceConfig, 'otlpEndpoint' | 'traceSampleRatio'>, logger: Logger): TracingHandle | undefined {
  const started = startTracing({ service, settings: { otlpEndpoint: config.otlpEndpoint, traceSampleRatio: config.traceSampleRatio } });
  if (!started.ok) {
    logger.error('service failed to start', { reason: started.error });
    return process.exit(2);
  }
  if (started.value) logger.info('tracing on', { otlpEndpoint: config.otlpEndpoint, traceSampleRatio: config.traceSampleRatio });
  return started.value;
}
