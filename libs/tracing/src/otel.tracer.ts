import { type Attributes, context, propagation, ROOT_CONTEXT, type Span, SpanKind as OtelSpanKind, SpanStatusCode, trace, type Tracer as OtelApiTracer } from '@opentelemetry/api';
import { type SpanAttributes, type SpanKind, type SpanOptions, type SpanScope, type Tracer } from './tracer.port';
import { TRACEPARENT } from './traceparent';

const KINDS: Readonly<Record<SpanKind, OtelSpanKind>> = { internal: OtelSpanKind.INTERNAL, server: OtelSpanKind.SERVER, client: OtelSpanKind.CLIENT };

/** The tracing port over an OpenTelemetry API tracer, with the globally registered context manager and propagator. */
export class OtelTracer implements Tracer {
  constructor(private readonly tracer: OtelApiTracer) {}

  open(name: string, options: SpanOptions = {}): SpanScope {
    const parent = options.parent === undefined ? context.active() : propagation.extract(ROOT_CONTEXT, { [TRACEPARENT]: options.parent });
    const span = this.tracer.startSpan(
      name,
      { kind: KINDS[options.kind ?? 'internal'], attributes: attributesOf(options.attributes ?? {}), ...(options.startEpochMs === undefined ? {} : { startTime: options.startEpochMs }) },
      parent,
    );
    return new OtelSpanScope(span);
  }

  traceparent(): string | undefined {
    const span = trace.getSpan(context.active());
    return span === undefined ? undefined : traceparentOf(span);
  }
}

class OtelSpanScope implements SpanScope {
  constructor(private readonly span: Span) {}

  set(attributes: SpanAttributes): void {
    this.span.setAttributes(attributesOf(attributes));
  }

  fail(message: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }

  end(endEpochMs?: number): void {
    this.span.end(endEpochMs);
  }

  within<T>(fn: () => T): T {
    return context.with(trace.setSpan(context.active(), this.span), fn);
  }

  traceparent(): string {
    return traceparentOf(this.span);
  }
}

function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

function attributesOf(attributes: SpanAttributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = Array.isArray(value) ? [...(value as readonly string[])] : (value as string | number | boolean);
  return out;
}
