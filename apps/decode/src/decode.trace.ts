import { type DecodeEvent } from '@tsukimi/proto';
import { activeTracer, type SpanScope, type Tracer, validTraceparent } from '@tsukimi/tracing';

/** The parts of a decode stream's sink a trace watches. */
interface WatchedSink {
  write(event: DecodeEvent): boolean;
  end(): void;
  fail(code: number, details: string): void;
  readonly signal: AbortSignal;
}

/**
 * One traced decode stream: a `decode` server span in the conductor's trace, with a `decode.load`
 * child until the stream's `started` event (the prompt's KV loaded from the pool, or computed)
 * and a `decode.generate` child from there until the last token; read off the events the stream
 * sends, so the serving code is untouched. The pool calls made while loading carry the load span.
 * None for a call without a `traceparent` or with tracing off.
 */
export class DecodeTrace {
  private readonly load: SpanScope;
  private generate: SpanScope | undefined;
  private tokens = 0;

  private constructor(
    private readonly tracer: Tracer,
    private readonly span: SpanScope,
  ) {
    this.load = span.within(() => tracer.open('decode.load'));
  }

  /** `traceparents`: where the caller may have put it (gRPC metadata, the request's field), first valid wins. */
  static of(traceparents: readonly (string | undefined)[], attributes: Readonly<Record<string, string | number>>): DecodeTrace | undefined {
    const parent = traceparents.map(validTraceparent).find((t) => t !== undefined);
    const tracer = parent === undefined ? undefined : activeTracer();
    if (tracer === undefined) return undefined;
    return new DecodeTrace(tracer, tracer.open('decode', { kind: 'server', parent, attributes }));
  }

  /** Runs the stream with the load span active. */
  within<T>(fn: () => T): T {
    return this.load.within(fn);
  }

  /** `sink`, its events watched; every way the stream can end ends the spans. */
  watch<S extends WatchedSink>(sink: S): S {
    sink.signal.addEventListener('abort', () => this.finish('the caller went away'), { once: true });
    return {
      ...sink,
      write: (event: DecodeEvent) => {
        this.observe(event);
        return sink.write(event);
      },
      end: () => {
        this.finish(undefined);
        sink.end();
      },
      fail: (code: number, details: string) => {
        this.finish(details);
        sink.fail(code, details);
      },
    };
  }

  private observe(event: DecodeEvent): void {
    if (event.started) {
      const { loadedTokens, computedTokens, fetchedBlocks } = event.started;
      this.load.set({ 'tsukimi.loaded_tokens': Number(loadedTokens ?? 0), 'tsukimi.computed_tokens': Number(computedTokens ?? 0), 'tsukimi.blocks': Number(fetchedBlocks ?? 0) });
      this.load.end();
      this.generate = this.span.within(() => this.tracer.open('decode.generate'));
    }
    this.tokens += (event.tokens?.tokens?.length ?? 0) + (event.token ? 1 : 0);
  }

  private finish(failure: string | undefined): void {
    if (failure !== undefined) {
      (this.generate ?? this.load).fail(failure);
      this.span.fail(failure);
    }
    this.generate?.set({ 'tsukimi.generated_tokens': this.tokens });
    this.load.end();
    this.generate?.end();
    this.span.end();
  }
}
