import { type Client, type ClientOptions, InterceptingCall, type Interceptor, Metadata, status } from '@grpc/grpc-js';

type NextCall = ConstructorParameters<typeof InterceptingCall>[0];

const LEFT = 'the instance left discovery';

/**
 * A gRPC client that counts its calls in flight, so that it can be retired (no new calls, the
 * channel closed once the last call has its status) instead of closed under its calls. A call
 * on a closed client fails with UNAVAILABLE as a value; grpc-js itself would throw.
 */
export class DrainingClient<C extends Client> {
  readonly client: C;
  private inFlight = 0;
  private retiring = false;
  private closed = false;

  constructor(
    make: (options: ClientOptions) => C,
    channelOptions: ClientOptions,
    private readonly onClosed: () => void,
  ) {
    this.client = make({ ...channelOptions, interceptors: [this.count, ...(channelOptions.interceptors ?? [])] });
  }

  /** No new calls; the channel closes now if idle, else when its last call ends. */
  retire(): void {
    this.retiring = true;
    if (this.inFlight === 0) this.close();
  }

  /** Closes the channel now; grpc-js still lets calls already started end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.retiring = true;
    this.client.close();
    this.onClosed();
  }

  private readonly count: Interceptor = (options, nextCall) => {
    if (this.retiring) return new InterceptingCall(refusedCall());
    return new InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        this.inFlight++;
        next(metadata, {
          onReceiveStatus: (callStatus, nextStatus) => {
            nextStatus(callStatus);
            this.ended();
          },
        });
      },
    });
  };

  private ended(): void {
    this.inFlight--;
    if (this.retiring && this.inFlight === 0) this.close();
  }
}

/** A call that never reaches a channel: it ends at once with UNAVAILABLE. */
function refusedCall(): NextCall {
  return {
    start: (_metadata, listener) => {
      setImmediate(() => listener?.onReceiveStatus?.({ code: status.UNAVAILABLE, details: LEFT, metadata: new Metadata() }));
    },
    cancelWithStatus: () => undefined,
    getPeer: () => '',
    sendMessageWithContext: () => undefined,
    sendMessage: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    getAuthContext: () => null,
  };
}
