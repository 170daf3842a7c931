import { context, propagation, trace } from '@opentelemetry/api';
import { type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { err, ok, type Result } from '@tsukimi/result';
import { AsyncLocalContextManager } from './async-local.context-manager';
import { loadSdk } from './otel-sdk.load';
import { OtelTracer } from './otel.tracer';
import { TRACEPARENT } from './traceparent';
import { type Tracer } from './tracer.port';
import { otlpTracesUrl, type TracingSettings } from './tracing.settings';

const TRACER_NAME = 'tsukimi';

/** A running tracer provider: flush before exit. */
export interface TracingHandle {
  readonly tracer: Tracer;
  /** Sends every span ended so far; never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops exporting; never rejects. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** `service.name` of every span: `conductor`, `prefill`, `decode`, `kvpool`. */
  readonly service: string;
  readonly settings: TracingSettings;
  /** Replaces the OTLP/HTTP exporter (tests). */
  readonly exporter?: SpanExporter;
}

/**
 * Registers the process's tracer provider, W3C propagator and async context manager with the
 * OpenTelemetry API (process-wide, as the API is), exporting OTLP/HTTP JSON to the endpoint,
 * sampling new traces at the ratio and following a caller's decision otherwise. Undefined, and
 * nothing registered, when no endpoint is set: tracing is off and costs nothing.
 */
export function startTracing(options: StartTracingOptions): Result<TracingHandle | undefined, string> {
  const { otlpEndpoint, traceSampleRatio } = options.settings;
  if (otlpEndpoint === undefined || otlpEndpoint === '') return ok(undefined);
  if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) return err(`traceSampleRatio: expected a number from 0 to 1, got ${traceSampleRatio}`);
  const url = otlpTracesUrl(otlpEndpoint);
  if (!url.ok) return url;
  const { provider, propagator } = loadSdk().sdkProvider({ service: options.service, tracesUrl: url.value, sampleRatio: traceSampleRatio, exporter: options.exporter });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  propagation.setGlobalPropagator(propagator);
  trace.setGlobalTracerProvider(provider);
  return ok({
    tracer: new OtelTracer(provider.getTracer(TRACER_NAME)),
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  });
}

/**
 * The process's tracer once `startTracing` has registered one; undefined while tracing is off,
 * so that callers skip every span (and every allocation for one) with a single check.
 */
export function activeTracer(): Tracer | undefined {
  if (!propagation.fields().includes(TRACEPARENT)) return undefined;
  return new OtelTracer(trace.getTracer(TRACER_NAME));
}
