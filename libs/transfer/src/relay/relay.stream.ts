/** What a client's stream receives, in order: messages, then one `end` or one `error`. */
export type StreamEvent =
  | { readonly kind: 'message'; readonly payload: Buffer }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly code: number; readonly details: string };

/** gRPC's status codes, which the relay's failures reuse so that callers map both paths alike. */
export const RelayCode = { cancelled: 1, deadlineExceeded: 4, unavailable: 14, internal: 13 } as const;

/**
 * The client's end of one stream: events are queued as the connection reads them and taken one
 * at a time with `next`. After the last event (`end` or `error`) nothing more is delivered.
 */
export class RelayStream {
  private readonly queue: StreamEvent[] = [];
  private head = 0;
  private waiter: ((event: StreamEvent) => void) | undefined;
  private finished = false;

  constructor(
    readonly id: number,
    /** Tells the server to stop the stream; called at most once, and never after the stream finished. */
    private readonly sendCancel: (stream: RelayStream) => void,
  ) {}

  /** True once `end` or `error` was delivered (or the stream was cancelled). */
  get done(): boolean {
    return this.finished;
  }

  /** The next event; after the last one, waits for ever, so callers stop at `end` or `error`. */
  next(): Promise<StreamEvent> {
    if (this.head < this.queue.length) return Promise.resolve(this.shift());
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /**
   * Hands the next event to `receiver`: at once when one is queued, else as the connection reads
   * it (inside the socket's read). For a reader that settles its own promise per event rather
   * than chain a reaction on `next`'s; one receiver or `next` waits at a time, as with `next`.
   * `receiver` may run inside the connection's read: it must not throw.
   */
  nextTo(receiver: (event: StreamEvent) => void): void {
    if (this.head < this.queue.length) receiver(this.shift());
    else this.waiter = receiver;
  }

  /** The connection read an event for this stream. */
  deliver(event: StreamEvent): void {
    if (this.finished) return;
    if (event.kind !== 'message') this.finished = true;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(event);
    } else {
      this.queue.push(event);
    }
  }

  private shift(): StreamEvent {
    const event = this.queue[this.head++] as StreamEvent;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  /** The caller stops reading: the server is told to stop, nothing more is delivered. */
  cancel(): void {
    if (this.finished) return;
    this.finished = true;
    this.sendCancel(this);
  }

  /** Ends the stream here with an error (a timeout the caller keeps) and tells the server to stop. */
  abort(code: number, details: string): void {
    if (this.finished) return;
    this.deliver({ kind: 'error', code, details });
    this.sendCancel(this);
  }
}
