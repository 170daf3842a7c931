import { type ServiceError } from '@grpc/grpc-js';
import { type DecodeCall, type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefetchCall } from '@tsukimi/conductor';
import { type DecodeEvent__Output } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { decodeEventsOf, decodeRequestOf } from './decode-stream.wire';
import { gatewayFailure } from './grpc-failure';
import { type InstanceClients } from './instance-clients';

/** Decode instances over gRPC server streaming; aborting the signal cancels the stream on the instance. */
export class GrpcDecodeGateway implements DecodeGateway {
  constructor(
    private readonly clients: InstanceClients,
    /** Longest wait for the next event (a token, or the stream's start) before the stream counts as dead. */
    private readonly idleTimeoutMs: number,
    /**
     * Longest wait for the next event once a token has come: a stream that stops producing
     * tokens counts as stalled (a timeout of its instance) long before a first token's wait
     * (the prompt's KV loaded or computed) would; absent: the idle timeout throughout.
     */
    private readonly stallTimeoutMs = idleTimeoutMs,
  ) {}

  /** A unary call nobody waits for: a prefetch that fails leaves the decode call more to load, nothing else. */
  prefetch(instance: InstanceId, call: PrefetchCall): void {
    const request = { requestId: call.requestId, blockKeys: [...call.blockKeys], promptTokens: [...call.promptTokens], tenantSalt: call.tenantSalt, adapter: call.adapter ?? '' };
    this.clients.decodeClient(instance).prefetch(request, { deadline: Date.now() + this.idleTimeoutMs }, () => undefined);
  }

  async *decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
    // An aborted signal fires no 'abort' event: a caller gone during prefill must not start a
    // stream that nothing would cancel, which would generate up to max_tokens for nobody.
    // 'failed', not 'unavailable': the instance is fine and no other one should be tried.
    if (signal.aborted) {
      yield err({ kind: 'failed', message: 'the caller went away before decode began' });
      return;
    }
    const stream = this.clients.decodeClient(instance).decode(decodeRequestOf(call));
    const cancel = () => stream.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    let idle: NodeJS.Timeout | undefined;
    let ended = false;
    let tokens = false;
    const armIdle = () => {
      clearTimeout(idle);
      const [boundMs, why] = tokens ? [this.stallTimeoutMs, 'decode stream stalled: no token'] : [this.idleTimeoutMs, 'decode stream idle'];
      idle = setTimeout(() => stream.destroy(Object.assign(new Error(`${why} within ${boundMs} ms`), { code: 4 })), boundMs);
    };
    try {
      armIdle();
      // Not destroyed when the caller stops after the last token: destroying builds an AbortError
      // (and its stack) per request, and the stream ends by itself right after that token anyway.
      for await (const message of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<DecodeEvent__Output>) {
        tokens ||= Boolean(message.tokens ?? message.token);
        armIdle();
        for (const event of decodeEventsOf(message)) {
          if (event.kind === 'token' && event.token.finishReason) ended = true;
          yield ok(event);
        }
      }
    } catch (error) {
      yield err(gatewayFailure(error as ServiceError));
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', cancel);
      // A stream that delivered its last token ends by itself; cancelling it would only make
      // grpc-js build (and format) an error nobody reads.
      if (!ended) stream.cancel();
    }
  }
}
