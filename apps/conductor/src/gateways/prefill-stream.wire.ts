import { type GatewayFailure, type PrefillAnswer, type PrefillCall } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { generationToWire, planOutcomeFromWire, planToWire, type PrefillEvent__Output, type PrefillReply__Output, type PrefillRequest, tokenFromWire } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type StoreTally } from '@tsukimi/serving';

const STORE_LOST: StoreTally = { storedBlocks: 0, storeFailed: true };

/** The `Prefill` request both transports send (gRPC and the relay). */
export function prefillRequestOf(call: PrefillCall): PrefillRequest {
  return {
    requestId: call.requestId,
    promptTokens: [...call.promptTokens],
    tenantSalt: call.tenantSalt,
    generation: generationToWire(call.generation),
    skipPoolFetch: call.skipPoolFetch ?? false,
    adapter: call.adapter ?? '',
    plan: planToWire(call.plan),
    // Only when traced: an untraced request's bytes stay as they were.
    ...(call.traceparent === undefined ? {} : { traceparent: call.traceparent }),
  };
}

/**
 * One prefill stream's events turned into its answer, whichever transport carries them: the answer
 * settles with the first event (the first token), its `handoff` with the second (the blocks in the
 * pool), or as failed when the stream ends or breaks without it.
 */
export class PrefillReplies {
  readonly answer: Promise<Result<PrefillAnswer, GatewayFailure>>;
  private readonly handoff: Promise<StoreTally>;
  private settleAnswer: (result: Result<PrefillAnswer, GatewayFailure>) => void = () => undefined;
  private settleHandoff: (handoff: StoreTally) => void = () => undefined;
  private answered = false;

  constructor() {
    this.handoff = new Promise((resolve) => (this.settleHandoff = resolve));
    this.answer = new Promise((resolve) => (this.settleAnswer = resolve));
  }

  event(event: PrefillEvent__Output): void {
    if (event.computed) this.settle(answerOf(event.computed, this.handoff));
    else if (event.stored) this.settleHandoff({ storedBlocks: event.stored.storedBlocks, storeFailed: event.stored.storeFailed });
  }

  failed(failure: GatewayFailure): void {
    this.settleHandoff(STORE_LOST);
    this.settle(err(failure));
  }

  ended(): void {
    this.settleHandoff(STORE_LOST);
    this.settle(err({ kind: 'failed', message: 'the prefill stream ended without a first token' }));
  }

  private settle(result: Result<PrefillAnswer, GatewayFailure>): void {
    if (this.answered) return;
    this.answered = true;
    this.settleAnswer(result);
  }
}

function answerOf(reply: PrefillReply__Output, handoff: Promise<StoreTally>): Result<PrefillAnswer, GatewayFailure> {
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
