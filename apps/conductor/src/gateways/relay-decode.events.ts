import { status } from '@grpc/grpc-js';
import { type DecodeEvent, type GatewayFailure, type WatchableDecodeStream } from '@tsukimi/conductor';
import { type DecodeRelayCodec } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type RelayStream, type StreamEvent } from '@tsukimi/transfer';
import { decodeEventsOf } from './decode-stream.wire';
import { gatewayFailure } from './grpc-failure';

type Item = Result<DecodeEvent, GatewayFailure>;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const NONE: readonly DecodeEvent[] = [];
const unset = (): void => undefined;

/** What a relayed decode stream needs from its gateway. */
export interface RelayDecodeSetup {
  readonly codec: DecodeRelayCodec;
  /** Opens the stream on the instance's relay connection; called at the first read. */
  readonly open: () => RelayStream;
  readonly signal: AbortSignal;
  /** Longest wait for the next event before a token has come. */
  readonly idleTimeoutMs: number;
  /** Longest wait for the next event once a token has come (a stalled stream). */
  readonly stallTimeoutMs: number;
}

/**
 * One decode stream over the token relay, read as the gateway's events: each relay message is
 * decoded once and its events handed out in order, one per read, with no generator between the
 * relay's read and the caller's: each read is one promise, settled where the relay delivers the
 * message (a resolved one for each further event of a batch). The stream opens at the first read; a caller gone before then gets
 * one `failed` item and nothing reaches the instance. The caller's abort cancels it on the
 * instance; silence past the idle bound (before the first token) or the stall bound (after it)
 * ends it with a deadline error; a caller that stops reading before the finish cancels it. Its
 * watcher sees each item as it is handed out.
 */
export class RelayDecodeEvents implements AsyncIterableIterator<Item>, WatchableDecodeStream {
  private stream: RelayStream | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';
  private pending: readonly DecodeEvent[] = NONE;
  private at = 0;
  private tokens = false;
  /** The token with a finish reason was handed out: the instance ends the stream itself. */
  private ended = false;
  private idle: NodeJS.Timeout | undefined;
  private watcher: ((item: Item) => void) | undefined;
  private settle: (result: IteratorResult<Item>) => void = unset;
  private fail: (error: unknown) => void = unset;

  constructor(private readonly o: RelayDecodeSetup) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  watch(watcher: (item: Item) => void): void {
    this.watcher = watcher;
  }

  next(): Promise<IteratorResult<Item>> {
    if (this.at < this.pending.length) return Promise.resolve(this.handOut());
    if (this.state === 'closed') return Promise.resolve(DONE);
    if (this.state === 'new') {
      // As over gRPC: a caller gone during prefill starts nothing that nobody would cancel.
      if (this.o.signal.aborted) {
        this.state = 'closed';
        return Promise.resolve(this.item(err({ kind: 'failed', message: 'the caller went away before decode began' })));
      }
      this.start();
    }
    return new Promise(this.awaitEvent);
  }

  /** The caller stops reading: a stream not finished is cancelled on the instance. */
  return(): Promise<IteratorResult<Item>> {
    this.close();
    return Promise.resolve(DONE);
  }

  private start(): void {
    this.state = 'open';
    this.stream = this.o.open();
    this.o.signal.addEventListener('abort', this.cancel, { once: true });
    this.idle = setTimeout(this.expireIdle, this.o.idleTimeoutMs);
  }

  /** The read's own promise, settled by `onEvent` when the relay delivers (at once when it has an event queued). */
  private readonly awaitEvent = (resolve: (result: IteratorResult<Item>) => void, reject: (error: unknown) => void): void => {
    this.settle = resolve;
    this.fail = reject;
    (this.stream as RelayStream).nextTo(this.onEvent);
  };

  /** Runs inside the relay connection's read: whatever goes wrong rejects the read, never the connection. */
  private readonly onEvent = (event: StreamEvent): void => {
    try {
      const result = this.resultOf(event);
      if (result === undefined) (this.stream as RelayStream).nextTo(this.onEvent);
      else this.settle(result);
    } catch (error) {
      this.fail(error);
    }
  };

  /** The read's result for a relay event; undefined for a message with no event in it (the read waits on). */
  private resultOf(event: StreamEvent): IteratorResult<Item> | undefined {
    if (event.kind === 'end') {
      this.close();
      return DONE;
    }
    if (event.kind === 'error') {
      this.close();
      return this.item(err(gatewayFailure({ code: event.code, details: event.details, message: event.details })));
    }
    const message = this.o.codec.decodeEvent(event.payload);
    if (!this.tokens && (message.tokens ?? message.token)) {
      // From the first token on, silence means a stalled instance: the shorter bound.
      this.tokens = true;
      clearTimeout(this.idle);
      this.idle = setTimeout(this.expireStalled, this.o.stallTimeoutMs);
    } else {
      // One timer re-armed per message, not a new one.
      this.idle?.refresh();
    }
    this.pending = decodeEventsOf(message);
    this.at = 0;
    return this.pending.length === 0 ? undefined : this.handOut();
  }

  private handOut(): IteratorResult<Item> {
    const event = this.pending[this.at++] as DecodeEvent;
    if (this.at === this.pending.length) this.pending = NONE;
    if (event.kind === 'token' && event.token.finishReason) this.ended = true;
    return this.item(ok(event));
  }

  private item(value: Item): IteratorYieldResult<Item> {
    this.watcher?.(value);
    return { done: false, value };
  }

  private close(): void {
    if (this.state !== 'open') {
      this.state = 'closed';
      return;
    }
    this.state = 'closed';
    this.pending = NONE;
    clearTimeout(this.idle);
    this.o.signal.removeEventListener('abort', this.cancel);
    if (!this.ended) this.stream?.cancel();
  }

  private readonly cancel = (): void => this.stream?.abort(status.CANCELLED, 'the caller went away');
  private readonly expireIdle = (): void => this.stream?.abort(status.DEADLINE_EXCEEDED, `decode stream idle within ${this.o.idleTimeoutMs} ms`);
  private readonly expireStalled = (): void => this.stream?.abort(status.DEADLINE_EXCEEDED, `decode stream stalled: no token within ${this.o.stallTimeoutMs} ms`);
}
