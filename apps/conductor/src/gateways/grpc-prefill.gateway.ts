import { Metadata } from '@grpc/grpc-js';
import { type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, generationToWire, type PrefillReply__Output, type PrefillRequest, tokenFromWire } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';

/** Prefill instances over gRPC. */
export class GrpcPrefillGateway implements PrefillGateway {
  constructor(
    private readonly clients: InstanceClients,
    private readonly timeoutMs: number,
  ) {}

  async prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    const client = this.clients.prefillClient(instance);
    const request: PrefillRequest = {
      requestId: call.requestId,
      promptTokens: [...call.promptTokens],
      tenantSalt: call.tenantSalt,
      generation: generationToWire(call.generation),
    };
    const reply = await callUnary<PrefillRequest, PrefillReply__Output>((r, m, o, cb) => client.prefill(r, m, o, cb), request, new Metadata(), this.timeoutMs);
    if (!reply.ok) return err(gatewayFailure({ code: reply.error.code, details: reply.error.details, message: reply.error.details }));
    const r = reply.value;
    if (!r.first) return err({ kind: 'failed', message: 'prefill reply without a first token' });
    return ok({
      instanceId: r.instanceId,
      first: tokenFromWire(r.first),
      blockKeys: r.blockKeys as BlockKey[],
      computedTokens: r.computedTokens,
      reused: { device: r.reused?.deviceTokens ?? 0, dram: r.reused?.dramTokens ?? 0, ssd: r.reused?.ssdTokens ?? 0 },
    });
  }
}
