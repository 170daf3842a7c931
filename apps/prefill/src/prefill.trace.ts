import { type PrefillDone } from '@tsukimi/serving';
import { activeTracer, type SpanScope, type Tracer, validTraceparent } from '@tsukimi/tracing';

/**
 * One traced prefill call: a `prefill` server span in the conductor's trace, with `prefill.fetch`
 * and `prefill.compute` children timed by the worker (it reports how long each took; they end when
 * it answered) and a `prefill.store` child until the blocks are in the pool. The pool calls made
 * while it runs carry the server span, so the master's spans are its children too. None for a call
 * without a `traceparent` or with tracing off.
 */
export class PrefillTrace {
  private store: SpanScope | undefined;

  private constructor(
    private readonly tracer: Tracer,
    private readonly span: SpanScope,
  ) {}

  /** `traceparents`: where the caller may have put it (gRPC metadata, the request's field), first valid wins. */
  static of(traceparents: readonly (string | undefined)[], attributes: Readonly<Record<string, string | number>>): PrefillTrace | undefined {
    const parent = traceparents.map(validTraceparent).find((t) => t !== undefined);
    const tracer = parent === undefined ? undefined : activeTracer();
    if (tracer === undefined) return undefined;
    return new PrefillTrace(tracer, tracer.open('prefill', { kind: 'server', parent, attributes }));
  }

  within<T>(fn: () => T): T {
    return this.span.within(fn);
  }

  computed(done: PrefillDone): void {
    const endMs = Date.now();
    const computeStartMs = endMs - done.timings.computeMs;
    this.span.set({ 'tsukimi.computed_tokens': done.computedTokens, 'tsukimi.reused_tokens.device': done.reused.device, 'tsukimi.reused_tokens.dram': done.reused.dram, 'tsukimi.reused_tokens.ssd': done.reused.ssd });
    const child = (name: string, startMs: number, stopMs: number, attributes: Readonly<Record<string, number>>) =>
      this.span.within(() => this.tracer.open(name, { startEpochMs: startMs, attributes }).end(stopMs));
    if (done.timings.fetchMs > 0) child('prefill.fetch', computeStartMs - done.timings.fetchMs, computeStartMs, { 'tsukimi.loaded_tokens': done.reused.dram + done.reused.ssd });
    child('prefill.compute', computeStartMs, endMs, { 'tsukimi.computed_tokens': done.computedTokens });
    this.store = this.span.within(() => this.tracer.open('prefill.store'));
  }

  stored(storedBlocks: number, storeFailed: boolean): void {
    this.store?.set({ 'tsukimi.stored_blocks': storedBlocks, 'tsukimi.store_failed': storeFailed });
    if (storeFailed) this.store?.fail('the blocks did not all reach the pool');
    this.store?.end();
  }

  failed(message: string): void {
    this.span.fail(message);
  }

  end(): void {
    this.store?.end();
    this.span.end();
  }
}
