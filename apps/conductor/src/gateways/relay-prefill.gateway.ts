import { status } from '@grpc/grpc-js';
import { type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '@tsukimi/conductor';
import { prefillRelayCodec } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type RelayStream } from '@tsukimi/transfer';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';
import { PrefillReplies, prefillRequestOf } from './prefill-stream.wire';

/**
 * Prefill streams over the instances' relay: one persistent connection per prefill instance
 * carries every request to it as length-prefixed frames, where gRPC opens an HTTP/2 stream per
 * call (its set-up was about 6% of the conductor's CPU a request). The messages are the gRPC call's
 * own (protobuf), so both paths map alike; an instance that reports no relay port is called over
 * gRPC (`fallback`). The deadline covers the whole stream, the blocks' store included, as the gRPC
 * call's does.
 */
export class RelayPrefillGateway implements PrefillGateway {
  private readonly codec = prefillRelayCodec();

  constructor(
    private readonly clients: InstanceClients,
    private readonly fallback: PrefillGateway,
    private readonly timeoutMs: number,
  ) {}

  prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    const relay = this.clients.relayAddress(instance);
    if (relay === undefined) return this.fallback.prefill(instance, call);
    const stream = this.clients.relay.open(relay.host, relay.port, this.codec.encodeRequest(prefillRequestOf(call)));
    const replies = new PrefillReplies();
    void this.read(stream, replies);
    return replies.answer;
  }

  private async read(stream: RelayStream, replies: PrefillReplies): Promise<void> {
    const deadline = setTimeout(() => stream.abort(status.DEADLINE_EXCEEDED, `prefill did not end within ${this.timeoutMs} ms`), this.timeoutMs);
    try {
      for (;;) {
        const event = await stream.next();
        if (event.kind === 'end') return replies.ended();
        if (event.kind === 'error') return replies.failed(gatewayFailure({ code: event.code, details: event.details, message: event.details }));
        replies.event(this.codec.decodeEvent(event.payload));
      }
    } catch (error) {
      // A message that is no PrefillEvent: the stream is of no further use.
      stream.cancel();
      replies.failed({ kind: 'failed', message: `the prefill relay sent an unreadable event: ${(error as Error).message}` });
    } finally {
      clearTimeout(deadline);
    }
  }
}
