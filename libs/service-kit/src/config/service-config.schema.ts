import { defineSchema, field, type ConfigOf } from '@tsukimi/config';
import { LOG_LEVELS } from '@tsukimi/telemetry';

/** Per-service defaults, so that services started side by side on one host do not collide. */
export interface ServiceConfigDefaults {
  readonly httpPort: number;
  readonly grpcPort: number;
  /** `0.0.0.0` when absent: containers must listen on every interface to be reachable. */
  readonly host?: string;
}

/**
 * The keys every service shares. Spread it into the service's own schema:
 *
 *     const prefillSchema = defineSchema({ ...serviceSchema({ httpPort: 8100, grpcPort: 50061 }), modelPath: … });
 */
export function serviceSchema(defaults: ServiceConfigDefaults) {
  return defineSchema({
    host: field.string({
      nonEmpty: true,
      default: defaults.host ?? '0.0.0.0',
      description: 'Interface to listen on for HTTP and gRPC (0.0.0.0: all; 127.0.0.1: this machine only)',
    }),
    httpPort: field.int({
      min: 0,
      max: 65535,
      default: defaults.httpPort,
      description: 'HTTP port: the API, /healthz, /readyz and /metrics (0: any free port)',
    }),
    grpcPort: field.int({ min: 0, max: 65535, default: defaults.grpcPort, description: 'gRPC port (0: any free port)' }),
    logLevel: field.enum({ values: LOG_LEVELS, default: 'info', description: 'Lowest level of log records written' }),
    serviceTokenFile: field.string({
      optional: true,
      description: 'File of service tokens, one a line: this service sends the first and accepts any, on gRPC, the data plane and /metrics; re-read when it changes (none: every peer is trusted, for loopback development)',
    }),
    shutdownTimeoutMs: field.duration({
      min: 0,
      default: 20_000,
      description: 'After SIGTERM, how long in-flight requests may finish before they are cut off',
    }),
    otlpEndpoint: field.string({
      optional: true,
      pattern: /^https?:\/\/[^/\s]/,
      description: 'OpenTelemetry tracing: OTLP/HTTP collector URL that spans are sent to as JSON, e.g. http://otel-collector:4318 (/v1/traces is appended unless given); none: tracing off, at no cost',
    }),
    traceSampleRatio: field.number({
      min: 0,
      max: 1,
      default: 1,
      description: 'With --otlp-endpoint, the share of new traces kept (0 to 1); a call arriving with a sampled traceparent is always traced, so the conductor\'s ratio decides for the whole request',
    }),
  });
}

/** The shared keys as a service reads them; a service's own config is a superset. */
export type ServiceConfig = ConfigOf<ReturnType<typeof serviceSchema>>;
