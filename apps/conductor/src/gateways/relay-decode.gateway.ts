import { type DecodeCall, type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefetchCall } from '@tsukimi/conductor';
import { decodeRelayCodec } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { decodeRequestOf } from './decode-stream.wire';
import { type InstanceClients } from './instance-clients';
import { RelayDecodeEvents } from './relay-decode.events';

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

  decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
    const relay = this.clients.relayAddress(instance);
    if (relay === undefined) return this.fallback.decode(instance, call, signal);
    const open = () => this.clients.relay.open(relay.host, relay.port, this.codec.encodeRequest(decodeRequestOf(call)));
    return new RelayDecodeEvents({ codec: this.codec, open, signal, idleTimeoutMs: this.idleTimeoutMs, stallTimeoutMs: this.stallTimeoutMs });
  }
}
