/** Attribute values a span carries; `undefined` entries are left off. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** `server`: a call this service answers; `client`: a call it makes to another; `internal`: work inside it. */
export type SpanKind = 'internal' | 'server' | 'client';

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: SpanAttributes;
  /**
   * A W3C `traceparent` received from the caller: the span is its child. Absent: the span is a
   * child of the span active where it is opened, or a new trace's root.
   */
  readonly parent?: string;
  /** When the work began, epoch ms, for work timed by the code that did it; absent: now. */
  readonly startEpochMs?: number;
}

/** One open span. Ending it twice is harmless: the second end is ignored. */
export interface SpanScope {
  set(attributes: SpanAttributes): void;
  /** Marks the span failed with `message` (never prompts or tokens). */
  fail(message: string): void;
  /** `endEpochMs`: when the work ended, for work timed by the code that did it; absent: now. */
  end(endEpochMs?: number): void;
  /** Runs `fn` with this span active: spans opened and calls made inside it are its children. */
  within<T>(fn: () => T): T;
  /** This span's W3C `traceparent`, for a transport that carries it by hand. */
  traceparent(): string;
}

/**
 * The narrow tracing port the rest of Tsukimi uses: open a span, read the active one's
 * `traceparent`. Only `@tsukimi/tracing` knows OpenTelemetry. With tracing off there is no
 * tracer at all (`activeTracer()` is undefined), so code on the hot path pays one `undefined` check.
 */
export interface Tracer {
  open(name: string, options?: SpanOptions): SpanScope;
  /** The active span's `traceparent`; undefined outside any span. */
  traceparent(): string | undefined;
}
