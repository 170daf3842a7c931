import { type EventEmitter } from 'node:events';

/** The parts of a grpc-js server call that say whether the client is still there. */
type CancellableCall = Pick<EventEmitter, 'once'> & { readonly cancelled: boolean };

/**
 * An `AbortSignal` that aborts when the client cancels the call, its deadline passes, or its
 * connection drops (grpc-js reports all three as `cancelled`). Pass it to the work the call
 * started, so that a stream nobody reads stops computing.
 */
export function abortSignalOf(call: CancellableCall): AbortSignal {
  const controller = new AbortController();
  if (call.cancelled) controller.abort(new Error('grpc call cancelled'));
  else call.once('cancelled', () => controller.abort(new Error('grpc call cancelled')));
  return controller.signal;
}
