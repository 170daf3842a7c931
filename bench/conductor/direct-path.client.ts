import { type ClientReadableStream, credentials } from '@grpc/grpc-js';
import {
  type DecodeClient,
  type DecodeEvent__Output,
  type DecodeRequest,
  decodeRelayCodec,
  type GeneratedToken__Output,
  type GenerationParams,
  type PrefillClient,
  type PrefillEvent__Output,
  type PrefillReply__Output,
  type PrefillRequest,
  prefillRelayCodec,
  tsukimiProto,
} from '@tsukimi/proto';
import { ProcessUniqueIds } from '@tsukimi/openai';
import { RelayClient } from '@tsukimi/transfer';
import { nowMs } from '../lib/bench-stats';

const FRESH_PROMPT_PLAN = { branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0, sourceNode: '', sourceTier: '' };

/** One request as both paths send it: greedy, past end-of-sequence, so it yields exactly `maxTokens`. */
export interface PathRequest {
  readonly promptTokens: readonly number[];
  readonly maxTokens: number;
}

/** Takes a request's tokens as they arrive: the prefill's first token, then each decode message's. */
export type PathTokenSink = (tokens: readonly GeneratedToken__Output[]) => void;

/**
 * A request sent straight to one prefill and one decode instance, the way the conductor sends it:
 * `Prefill` until its `computed` event (the first token and the block keys) and its `stored` event
 * (the blocks in the pool), then `Decode` from that first token until the last, with the fields the
 * conductor sets for a fresh prompt. The clients are
 * made once and kept, like the conductor's, so no call pays for a new connection. Prefill and
 * decode go over the instances' relays when they report one, as the conductor's do: the fastest
 * way a client can make the calls, so that the baseline stays the limit.
 */
export class DirectPath {
  private readonly prefill: PrefillClient;
  private readonly decode: DecodeClient;
  private readonly relay = new RelayClient();
  private readonly ids = new ProcessUniqueIds();
  private readonly codec = decodeRelayCodec();
  private readonly prefillCodec = prefillRelayCodec();
  private readonly decodeHost: string;
  private readonly prefillHost: string;
  private relayPortOnce: Promise<number> | undefined;
  private prefillRelayPortOnce: Promise<number> | undefined;

  constructor(
    prefillAddress: string,
    decodeAddress: string,
    /** Deadline of each of the two calls. */
    private readonly timeoutMs: number,
  ) {
    const proto = tsukimiProto().tsukimi.v1;
    this.prefill = new proto.Prefill(prefillAddress, credentials.createInsecure());
    this.decode = new proto.Decode(decodeAddress, credentials.createInsecure());
    this.decodeHost = decodeAddress.slice(0, decodeAddress.lastIndexOf(':'));
    this.prefillHost = prefillAddress.slice(0, prefillAddress.lastIndexOf(':'));
  }

  /** Milliseconds from sending the prefill to receiving the last token; `sink` sees every token on the way. */
  async time(request: PathRequest, sink?: PathTokenSink): Promise<number> {
    const requestId = this.ids.next();
    const generation: GenerationParams = { maxTokens: request.maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
    const startMs = nowMs();
    // What the conductor sends for a prompt no instance or pool node holds any of: its plan is to
    // recompute, and its index shows the pool has nothing to fetch (path-parity.int-spec keeps the two alike).
    const computed = await this.prefilled({ requestId, promptTokens: [...request.promptTokens], tenantSalt: '', generation, skipPoolFetch: true, plan: FRESH_PROMPT_PLAN }, sink);
    if (!computed.first) throw new Error('prefill computed no first token');
    let tokens = 1;
    if (computed.first.finishReason) return this.finished(startMs, tokens, request.maxTokens);
    const decodeRequest = { requestId, promptTokens: [...request.promptTokens], tenantSalt: '', generation, firstToken: computed.first.token, blockKeys: computed.blockKeys };
    const relayPort = await this.relayPort();
    if (relayPort > 0) return this.decodeOverRelay(relayPort, decodeRequest, startMs, request.maxTokens, sink);
    const stream = this.decode.decode(decodeRequest, { deadline: Date.now() + this.timeoutMs });
    try {
      for await (const event of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<DecodeEvent__Output>) {
        for (const token of tokensOf(event, sink)) {
          tokens++;
          if (token.finishReason) return this.finished(startMs, tokens, request.maxTokens);
        }
      }
    } finally {
      // Ends by itself after the last token, as the conductor's does: no cancellation, no CANCELLED error.
      if (tokens < request.maxTokens) stream.cancel();
    }
    throw new Error(`the decode stream ended after ${tokens} tokens without a finish reason`);
  }

  close(): void {
    this.prefill.close();
    this.decode.close();
    this.relay.close();
  }

  /** The decode instance's token relay port (0: none), asked once: the conductor reads decode streams there too. */
  private relayPort(): Promise<number> {
    this.relayPortOnce ??= new Promise((resolve, reject) =>
      this.decode.describe({}, { deadline: Date.now() + this.timeoutMs }, (error, reply) => (error ? reject(error) : resolve(reply?.relayPort ?? 0))),
    );
    return this.relayPortOnce;
  }

  /** The prefill instance's relay port (0: none), asked once: the conductor sends prefills there too. */
  private prefillRelayPort(): Promise<number> {
    this.prefillRelayPortOnce ??= new Promise((resolve, reject) =>
      this.prefill.describe({}, { deadline: Date.now() + this.timeoutMs }, (error, reply) => (error ? reject(error) : resolve(reply?.relayPort ?? 0))),
    );
    return this.prefillRelayPortOnce;
  }

  /** The decode stream over the token relay, as the conductor reads it (one connection, kept). */
  private async decodeOverRelay(port: number, request: DecodeRequest, startMs: number, maxTokens: number, sink: PathTokenSink | undefined): Promise<number> {
    const stream = this.relay.open(this.decodeHost, port, this.codec.encodeRequest(request));
    const timer = setTimeout(() => stream.abort(4, `no end within ${this.timeoutMs} ms`), this.timeoutMs);
    let tokens = 1;
    try {
      for (;;) {
        const event = await stream.next();
        if (event.kind === 'error') throw new Error(`decode over the relay failed: ${event.details}`);
        if (event.kind === 'end') break;
        for (const token of tokensOf(this.codec.decodeEvent(event.payload), sink)) {
          tokens++;
          if (token.finishReason) return this.finished(startMs, tokens, maxTokens);
        }
      }
    } finally {
      clearTimeout(timer);
      if (tokens < maxTokens) stream.cancel();
    }
    throw new Error(`the relay decode stream ended after ${tokens} tokens without a finish reason`);
  }

  /** The `computed` reply, once `stored` has followed it: decode loads the blocks the pool then holds. */
  private async prefilled(request: PrefillRequest, sink: PathTokenSink | undefined): Promise<PrefillReply__Output> {
    const relayPort = await this.prefillRelayPort();
    if (relayPort > 0) return this.prefilledOverRelay(relayPort, request, sink);
    const stream: ClientReadableStream<PrefillEvent__Output> = this.prefill.prefill(request, { deadline: Date.now() + this.timeoutMs });
    return new Promise((resolve, reject) => {
      const events = new PrefillEvents(sink);
      stream.on('data', (event: PrefillEvent__Output) => {
        const stored = events.next(event);
        if (stored instanceof Error) reject(stored);
        else if (stored) resolve(stored);
      });
      stream.on('error', reject);
      stream.on('end', () => reject(events.endedEarly()));
    });
  }

  /** The prefill stream over the instance's relay, as the conductor sends it (one connection, kept). */
  private async prefilledOverRelay(port: number, request: PrefillRequest, sink: PathTokenSink | undefined): Promise<PrefillReply__Output> {
    const stream = this.relay.open(this.prefillHost, port, this.prefillCodec.encodeRequest(request));
    const timer = setTimeout(() => stream.abort(4, `no end within ${this.timeoutMs} ms`), this.timeoutMs);
    const events = new PrefillEvents(sink);
    try {
      for (;;) {
        const event = await stream.next();
        if (event.kind === 'error') throw new Error(`prefill over the relay failed: ${event.details}`);
        if (event.kind === 'end') throw events.endedEarly();
        const stored = events.next(this.prefillCodec.decodeEvent(event.payload));
        if (stored instanceof Error) throw stored;
        if (stored) return stored;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private finished(startMs: number, tokens: number, maxTokens: number): number {
    const elapsedMs = nowMs() - startMs;
    if (tokens !== maxTokens) throw new Error(`direct path generated ${tokens} tokens, expected ${maxTokens}`);
    return elapsedMs;
  }
}

/** A decode message's tokens (one, or a batch of every token since the last message), shown to `sink` first. */
function tokensOf(event: DecodeEvent__Output, sink: PathTokenSink | undefined): readonly GeneratedToken__Output[] {
  const tokens = event.tokens?.tokens ?? (event.token ? [event.token] : []);
  if (sink && tokens.length > 0) sink(tokens);
  return tokens;
}

/**
 * A prefill stream's two events in order: the `computed` reply, handed back once `stored` follows
 * it; its first token goes to the sink as soon as it is computed, as the conductor streams it.
 */
class PrefillEvents {
  private computed: PrefillReply__Output | undefined;

  constructor(private readonly sink: PathTokenSink | undefined) {}

  /** The reply once stored, an error for events out of order, undefined while waiting. */
  next(event: PrefillEvent__Output): PrefillReply__Output | Error | undefined {
    if (event.computed) {
      this.computed = event.computed;
      if (this.sink && event.computed.first) this.sink([event.computed.first]);
    }
    else if (event.stored) return this.computed ?? new Error('prefill stored its blocks before computing the first token');
    return undefined;
  }

  endedEarly(): Error {
    return new Error(this.computed ? 'the prefill stream ended without a stored event' : 'the prefill stream ended without a first token');
  }
}
