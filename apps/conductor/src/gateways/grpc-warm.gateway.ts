import { Metadata } from '@grpc/grpc-js';
import { type GatewayFailure, type WarmAnswer, type WarmCall, type WarmGateway } from '@tsukimi/conductor';
import { callUnary, type WarmReply__Output, type WarmRequest } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';

/** Prefill instances' unary `Warm` over gRPC, each call under its own deadline. */
export class GrpcWarmGateway implements WarmGateway {
  constructor(
    private readonly clients: InstanceClients,
    private readonly timeoutMs: number,
  ) {}

  async warm(instance: InstanceId, call: WarmCall): Promise<Result<WarmAnswer, GatewayFailure>> {
    const client = this.clients.prefillClient(instance);
    const reply = await callUnary<WarmRequest, WarmReply__Output>(
      (r, m, o, cb) => client.warm(r, m, o, cb),
      { blockKeys: [...call.blockKeys], adapter: call.adapter ?? '', promptTokens: [...call.promptTokens], tenantSalt: call.tenantSalt },
      new Metadata(),
      this.timeoutMs,
    );
    if (!reply.ok) return err(gatewayFailure({ ...reply.error, message: reply.error.details }));
    return ok({ heldBlocks: reply.value.heldBlocks, loadedBlocks: reply.value.loadedBlocks });
  }
}
