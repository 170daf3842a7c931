import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type SpanScope, type Tracer, withinSpan } from '@tsukimi/tracing';
import { type DecodeCall, type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefetchCall, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '../gateway.ports';
import { CONDUCTOR_SPANS, TSUKIMI_ATTRIBUTES as A } from './span-names';

/**
 * A `prefill` client span around each prefill call, active while the call starts so that the
 * call carries it to the instance (as gRPC metadata, and as the call's `traceparent` for a
 * transport that has none) (whose spans become its children); then a `kv_transfer` span,
 * its sibling, from the first token until the prompt's blocks are in the pool.
 */
export class TracedPrefillGateway implements PrefillGateway {
  constructor(
    private readonly inner: PrefillGateway,
    private readonly tracer: Tracer,
  ) {}

  async prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    const span = this.tracer.open(CONDUCTOR_SPANS.prefill, {
      kind: 'client',
      attributes: { [A.instanceId]: instance, [A.requestId]: call.requestId, [A.promptTokens]: call.promptTokens.length },
    });
    const result = await span.within(() => this.inner.prefill(instance, { ...call, traceparent: span.traceparent() }));
    if (!result.ok) {
      failed(span, result.error);
      span.end();
      return result;
    }
    const answer = result.value;
    span.set({
      [A.computedTokens]: answer.computedTokens,
      [A.reusedDeviceTokens]: answer.reused.device,
      [A.reusedDramTokens]: answer.reused.dram,
      [A.reusedSsdTokens]: answer.reused.ssd,
      [A.blocks]: answer.blockKeys.length,
    });
    span.end();
    const transfer = this.tracer.open(CONDUCTOR_SPANS.kvTransfer, { attributes: { [A.instanceId]: instance, [A.blocks]: answer.blockKeys.length } });
    // `handoff` never rejects (the port's contract): the span always ends.
    void answer.handoff.then((handoff) => {
      transfer.set({ [A.storedBlocks]: handoff.storedBlocks, [A.storeFailed]: handoff.storeFailed });
      if (handoff.storeFailed) transfer.fail('the prompt\'s blocks did not all reach the pool');
      transfer.end();
    });
    return result;
  }
}

/**
 * A `decode` client span around each decode stream, active at every pull so that the stream
 * opened at the first carries it to the instance (as gRPC metadata, and as the call's
 * `traceparent` for a transport that has none); ends with the stream.
 */
export class TracedDecodeGateway implements DecodeGateway {
  readonly prefetch?: (instance: InstanceId, call: PrefetchCall) => void;

  constructor(
    private readonly inner: DecodeGateway,
    private readonly tracer: Tracer,
  ) {
    const prefetch = inner.prefetch;
    if (prefetch) this.prefetch = (instance, call) => prefetch.call(inner, instance, call);
  }

  decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
    const span = this.tracer.open(CONDUCTOR_SPANS.decode, {
      kind: 'client',
      attributes: { [A.instanceId]: instance, [A.requestId]: call.requestId, [A.blocks]: call.blockKeys.length },
    });
    let tokens = 0;
    return withinSpan(span, this.inner.decode(instance, { ...call, traceparent: span.traceparent() }, signal), (item) => {
      if (!item.ok) return failed(span, item.error);
      const event = item.value;
      if (event.kind === 'started') {
        span.set({ [A.loadedTokens]: event.loadedTokens, [A.computedTokens]: event.computedTokens });
        return;
      }
      tokens++;
      if (event.token.finishReason) span.set({ [A.generatedTokens]: tokens });
    });
  }
}

function failed(span: SpanScope, failure: GatewayFailure): void {
  span.set({ [A.failure]: failure.kind });
  span.fail(failure.message);
}
