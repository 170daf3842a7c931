import { type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadSdk } from '../otel-sdk.load';
import { startTracing, type TracingHandle } from '../tracing.start';

/** A finished span as a test reads it: names, ids and attributes, no SDK types. */
export interface RecordedSpan {
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly failed: string | undefined;
}

export interface SpanRecorder {
  readonly handle: TracingHandle;
  /** Every span ended so far, oldest first; clears the record. */
  take(): Promise<RecordedSpan[]>;
}

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

/**
 * Starts the process's tracing (as `startTracing` does, the real provider and sampler) with an
 * in-memory exporter in place of OTLP, for specs of code that opens spans. One per test file:
 * the OpenTelemetry API takes one registration per process.
 */
export function recordSpans(service = 'test'): SpanRecorder {
  const exporter = loadSdk().memoryExporter();
  const started = startTracing({ service, settings: { otlpEndpoint: 'http://127.0.0.1:1', traceSampleRatio: 1 }, exporter });
  if (!started.ok || started.value === undefined) throw new Error('tracing did not start');
  const handle = started.value;
  return {
    handle,
    take: async () => {
      await handle.flush();
      const spans = exporter.getFinishedSpans().map(recorded);
      exporter.reset();
      return spans;
    },
  };
}

function recorded(span: ReadableSpan): RecordedSpan {
  return {
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: span.attributes,
    failed: span.status.code === 2 ? (span.status.message ?? '') : undefined,
  };
}
