import { type DecodeCall, type DecodeEvent } from '@tsukimi/conductor';
import { type DecodeEvent__Output, type DecodeRequest, generationToWire, tokenFromWire } from '@tsukimi/proto';

/** The `Decode` request both transports send (gRPC and the token relay). */
export function decodeRequestOf(call: DecodeCall): DecodeRequest {
  return {
    requestId: call.requestId,
    promptTokens: [...call.promptTokens],
    tenantSalt: call.tenantSalt,
    generation: generationToWire(call.generation),
    firstToken: call.firstToken ?? 0,
    computePrompt: call.firstToken === undefined,
    continuedTokens: [...(call.continuedTokens ?? [])],
    blockKeys: [...call.blockKeys],
    adapter: call.adapter ?? '',
    // Only when traced: an untraced request's bytes stay as they were.
    ...(call.traceparent === undefined ? {} : { traceparent: call.traceparent }),
  };
}

/** One wire message's events, in order: a start, a batch of tokens, or one token from an instance that sends them singly. */
export function decodeEventsOf(message: DecodeEvent__Output): readonly DecodeEvent[] {
  if (message.tokens) return message.tokens.tokens.map((token) => ({ kind: 'token', token: tokenFromWire(token) }));
  if (message.started) {
    const { instanceId, loadedTokens, computedTokens, reused } = message.started;
    return [
      {
        kind: 'started',
        instanceId,
        loadedTokens,
        computedTokens,
        ...(reused ? { reused: { device: reused.deviceTokens, dram: reused.dramTokens, ssd: reused.ssdTokens } } : {}),
      },
    ];
  }
  if (message.token) return [{ kind: 'token', token: tokenFromWire(message.token) }];
  return [];
}
