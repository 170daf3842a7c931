import { type ClientReadableStream, type ServiceError, status } from '@grpc/grpc-js';
import { type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '@tsukimi/conductor';
import { type PrefillEvent__Output } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';
import { PrefillReplies, prefillRequestOf } from './prefill-stream.wire';

/**
 * Prefill instances over gRPC server streaming, a call per request: the answer comes with the
 * first event (the first token), and its `handoff` settles with the second (the blocks in the
 * pool), or as failed when the stream ends or breaks without it.
 */
export class GrpcPrefillGateway implements PrefillGateway {
  constructor(
    private readonly clients: InstanceClients,
    private readonly timeoutMs: number,
  ) {}

  prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    const stream: ClientReadableStream<PrefillEvent__Output> = this.clients.prefillClient(instance).prefill(prefillRequestOf(call), { deadline: Date.now() + this.timeoutMs });
    const replies = new PrefillReplies();
    stream.on('data', (event: PrefillEvent__Output) => replies.event(event));
    stream.on('error', (error: ServiceError) => replies.failed(gatewayFailure({ code: error.code ?? status.UNKNOWN, details: error.details, message: error.message })));
    stream.on('end', () => replies.ended());
    return replies.answer;
  }
}
