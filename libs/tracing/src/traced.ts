import { type SpanOptions, type SpanScope, type Tracer } from './tracer.port';

/**
 * Runs `fn` inside a new span that ends when its promise settles; a rejection marks the span
 * failed and is passed on. `fn` may mark the span failed itself for an error returned as a value.
 */
export async function inSpan<T>(tracer: Tracer, name: string, options: SpanOptions, fn: (span: SpanScope) => Promise<T>): Promise<T> {
  const span = tracer.open(name, options);
  try {
    return await span.within(() => fn(span));
  } catch (error) {
    span.fail(error instanceof Error ? error.message : 'failed');
    throw error;
  } finally {
    span.end();
  }
}

/**
 * An async iterable whose items are pulled inside `span`: a generator's body runs at each pull,
 * so calls it makes (the gRPC stream it opens at the first) belong to the span. `onItem` sees each
 * item (to mark the span failed, or count); the span ends when the iteration ends, breaks or throws.
 */
export async function* withinSpan<T>(span: SpanScope, source: AsyncIterable<T>, onItem?: (item: T) => void): AsyncIterable<T> {
  const iterator = span.within(() => source[Symbol.asyncIterator]());
  try {
    for (;;) {
      const next = await span.within(() => iterator.next());
      if (next.done) return;
      onItem?.(next.value);
      yield next.value;
    }
  } catch (error) {
    span.fail(error instanceof Error ? error.message : 'failed');
    throw error;
  } finally {
    await iterator.return?.();
    span.end();
  }
}
