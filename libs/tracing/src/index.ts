export { type SpanAttributes, type SpanKind, type SpanOptions, type SpanScope, type Tracer } from './tracer.port';
export { TRACEPARENT, validTraceparent } from './traceparent';
export { GEN_AI, type GenAiOperation, type GenAiRequest, type GenAiUsage, genAiRequestAttributes, genAiSpanName, genAiUsageAttributes } from './gen-ai.attributes';
export { otlpTracesUrl, type TracingSettings } from './tracing.settings';
export { activeTracer, startTracing, type StartTracingOptions, type TracingHandle } from './tracing.start';
export { inSpan, withinSpan } from './traced';
export { OtelTracer } from './otel.tracer';
export { recordSpans, type RecordedSpan, type SpanRecorder } from './testing/span.recorder';
export { OtlpJsonReceiver, type ReceivedSpan } from './testing/otlp-json.receiver';
