import { status } from '@grpc/grpc-js';
import { type DecodeCall, type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefetchCall } from '@tsukimi/conductor';
import { decodeRelayCodec } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { decodeEventsOf, decodeRequestOf } from './decode-stream.wire';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';

/**
 * Decode streams over the instances' token relay: one persistent connection per decode instance
 * carries every stream to it as length-prefixed frames, where gRPC costs an HTTP/2 message per
 * token batch. The messages are the gRPC call's own (protobuf), so both paths map alike; an
 * instance that reports no relay port is called over gRPC (`fallback`), as is every prefetch.
 */
export class RelayDecodeGateway implements DecodeGateway {
  private readonly codec = decodeRelayCodec();

  constructor(
    private readonly clients: InstanceClients,
    private readonly fallback: DecodeGateway,
    /** Longest wait for the next event before a token has come. */
    private readonly idleTimeoutMs: number,
    /** Longest wait for the next event once a token has come (a stalled stream). */
    private readonly stallTimeoutMs = idleTimeoutMs,
  ) {}

  prefetch(instance: InstanceId, call: PrefetchCall): void {
    this.fallback.prefetch?.(instance, call);
  }

  async *decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
    const relay = this.clients.relayAddress(instance);
    if (relay === undefined) {
      yield* this.fallback.decode(instance, call, signal);
      return;
    }
    // As over gRPC: a caller gone during prefill starts nothing that nobody would cancel.
    if (signal.aborted) {
      yield err({ kind: 'failed', message: 'the caller went away before decode began' });
      return;
    }
    const stream = this.clients.relay.open(relay.host, relay.port, this.codec.encodeRequest(decodeRequestOf(call)));
    const cancel = () => stream.abort(status.CANCELLED, 'the caller went away');
    signal.addEventListener('abort', cancel, { once: true });
    let tokens = false;
    let ended = false;
    const expire = (why: string, boundMs: number) => () => stream.abort(status.DEADLINE_EXCEEDED, `${why} within ${boundMs} ms`);
    let idle = setTimeout(expire('decode stream idle', this.idleTimeoutMs), this.idleTimeoutMs);
    try {
      for (;;) {
        const event = await stream.next();
        if (event.kind === 'end') break;
        if (event.kind === 'error') {
          yield err(gatewayFailure({ code: event.code, details: event.details, message: event.details }));
          return;
        }
        const message = this.codec.decodeEvent(event.payload);
        if (!tokens && (message.tokens ?? message.token)) {
          // From the first token on, silence means a stalled instance: the shorter bound.
          tokens = true;
          clearTimeout(idle);
          idle = setTimeout(expire('decode stream stalled: no token', this.stallTimeoutMs), this.stallTimeoutMs);
        } else {
          // One timer re-armed per message, not a new one.
          idle.refresh();
        }
        for (const decoded of decodeEventsOf(message)) {
          if (decoded.kind === 'token' && decoded.token.finishReason) ended = true;
          yield ok(decoded);
        }
      }
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', cancel);
      if (!ended) stream.cancel();
    }
  }
}
