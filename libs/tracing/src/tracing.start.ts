import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, type SpanExporter, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { err, ok, type Result } from '@tsukimi/result';
import { AsyncLocalContextManager } from './async-local.context-manager';
import { OtelTracer } from './otel.tracer';
import { TRACEPARENT } from './traceparent';
import { type Tracer } from './tracer.port';
import { otlpTracesUrl, type TracingSettings } from './tracing.settings';

const TRACER_NAME = 'tsukimi';
/** Spans leave in batches at least this often: short, so a trace is whole in the collector within a second or two. */
const EXPORT_DELAY_MS = 500;
const EXPORT_TIMEOUT_MS = 5_000;

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
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: url.value, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'tsukimi' }),
    sampler: samplerFor(traceSampleRatio),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: EXPORT_DELAY_MS, exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
  });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return ok({
    tracer: new OtelTracer(provider.getTracer(TRACER_NAME)),
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  });
}

/** New traces kept at `ratio`; a span with a parent follows the parent's decision, so one trace is never cut in parts. */
export function samplerFor(ratio: number): ParentBasedSampler {
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}

/**
 * The process's tracer once `startTracing` has registered one; undefined while tracing is off,
 * so that callers skip every span (and every allocation for one) with a single check.
 */
export function activeTracer(): Tracer | undefined {
  if (!propagation.fields().includes(TRACEPARENT)) return undefined;
  return new OtelTracer(trace.getTracer(TRACER_NAME));
}
