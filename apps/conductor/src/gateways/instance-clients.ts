import { credentials } from '@grpc/grpc-js';
import { type DecodeClient, type PrefillClient, tsukimiProto } from '@tsukimi/proto';
import { type InstanceId } from '@tsukimi/scheduler';

/** A model card carries a whole vocabulary: tens of megabytes for the largest. */
const CHANNEL_OPTIONS = { 'grpc.max_receive_message_length': 256 * 1024 * 1024 };

/** One gRPC client per configured instance address, created once and closed at shutdown. */
export class InstanceClients {
  private readonly prefill = new Map<InstanceId, PrefillClient>();
  private readonly decode = new Map<InstanceId, DecodeClient>();

  prefillClient(id: InstanceId): PrefillClient {
    let client = this.prefill.get(id);
    if (!client) {
      client = new (tsukimiProto().tsukimi.v1.Prefill)(id, credentials.createInsecure(), CHANNEL_OPTIONS);
      this.prefill.set(id, client);
    }
    return client;
  }

  decodeClient(id: InstanceId): DecodeClient {
    let client = this.decode.get(id);
    if (!client) {
      client = new (tsukimiProto().tsukimi.v1.Decode)(id, credentials.createInsecure(), CHANNEL_OPTIONS);
      this.decode.set(id, client);
    }
    return client;
  }

  close(): void {
    for (const client of [...this.prefill.values(), ...this.decode.values()]) client.close();
  }
}
