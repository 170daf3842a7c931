import { type ClientReadableStream, type ServiceError, status } from '@grpc/grpc-js';
import { type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway, type PrefillHandoff } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { generationToWire, planOutcomeFromWire, planToWire, type PrefillEvent__Output, type PrefillReply__Output, tokenFromWire } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';

const STORE_LOST: PrefillHandoff = { storedBlocks: 0, storeFailed: true };

/**
 * Prefill instances over gRPC server streaming: the answer comes with the first event (the first
 * token), and its `handoff` settles with the second (the blocks in the pool), or as failed when the
 * stream ends or breaks without it.
 */
export class GrpcPrefillGateway implements PrefillGateway {
  constructor(
    private readonly clients: InstanceClients,
    private readonly timeoutMs: number,
  ) {}

  prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    const stream: ClientReadableStream<PrefillEvent__Output> = this.clients.prefillClient(instance).prefill(
      {
        requestId: call.requestId,
        promptTokens: [...call.promptTokens],
        tenantSalt: call.tenantSalt,
        generation: generationToWire(call.generation),
        skipPoolFetch: call.skipPoolFetch ?? false,
        adapter: call.adapter ?? '',
        plan: planToWire(call.plan),
      },
      { deadline: Date.now() + this.timeoutMs },
    );
    let settleHandoff: (handoff: PrefillHandoff) => void = () => undefined;
    const handoff = new Promise<PrefillHandoff>((resolve) => (settleHandoff = resolve));
    return new Promise((resolve) => {
      let answered = false;
      const answer = (result: Result<PrefillAnswer, GatewayFailure>) => {
        if (answered) return;
        answered = true;
        resolve(result);
      };
      stream.on('data', (event: PrefillEvent__Output) => {
        if (event.computed) answer(this.answerOf(event.computed, handoff));
        else if (event.stored) settleHandoff({ storedBlocks: event.stored.storedBlocks, storeFailed: event.stored.storeFailed });
      });
      stream.on('error', (error: ServiceError) => {
        settleHandoff(STORE_LOST);
        answer(err(gatewayFailure({ code: error.code ?? status.UNKNOWN, details: error.details, message: error.message })));
      });
      stream.on('end', () => {
        settleHandoff(STORE_LOST);
        answer(err({ kind: 'failed', message: 'the prefill stream ended without a first token' }));
      });
    });
  }

  private answerOf(reply: PrefillReply__Output, handoff: Promise<PrefillHandoff>): Result<PrefillAnswer, GatewayFailure> {
    if (!reply.first) return err({ kind: 'failed', message: 'prefill reply without a first token' });
    const plan = planOutcomeFromWire(reply.planOutcome);
    return ok({
      instanceId: reply.instanceId,
      first: tokenFromWire(reply.first),
      blockKeys: reply.blockKeys as BlockKey[],
      computedTokens: reply.computedTokens,
      reused: { device: reply.reused?.deviceTokens ?? 0, dram: reply.reused?.dramTokens ?? 0, ssd: reply.reused?.ssdTokens ?? 0 },
      fetchMs: reply.transferMs,
      ...(plan ? { plan } : {}),
      handoff,
    });
  }
}
