import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, ParentBasedSampler, type SpanExporter, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';

/** Spans leave in batches at least this often: short, so a trace is whole in the collector within a second or two. */
const EXPORT_DELAY_MS = 500;
const EXPORT_TIMEOUT_MS = 5_000;

export interface SdkProviderOptions {
  readonly service: string;
  readonly tracesUrl: string;
  readonly sampleRatio: number;
  /** Replaces the OTLP/HTTP exporter (tests). */
  readonly exporter?: SpanExporter | undefined;
}

/**
 * The OpenTelemetry SDK's part of tracing: a tracer provider batching spans to an OTLP/HTTP JSON
 * exporter, and the W3C propagator. Kept apart from `tracing.start` so that the SDK's modules
 * load only when tracing is on.
 */
export function sdkProvider(options: SdkProviderOptions): { provider: BasicTracerProvider; propagator: W3CTraceContextPropagator } {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: options.tracesUrl, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'tsukimi' }),
    sampler: samplerFor(options.sampleRatio),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: EXPORT_DELAY_MS, exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
  });
  return { provider, propagator: new W3CTraceContextPropagator() };
}

/** New traces kept at `ratio`; a span with a parent follows the parent's decision, so one trace is never cut in parts. */
export function samplerFor(ratio: number): ParentBasedSampler {
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}

/** An exporter that keeps finished spans in memory (specs). */
export function memoryExporter(): InMemorySpanExporter {
  return new InMemorySpanExporter();
}
