import { status } from '@grpc/grpc-js';
import { type GrpcHandler } from '@tsukimi/service-kit';

type AnyCall = { emit(event: 'error', error: { code: number; details: string }): void };
type AnyCallback = (error: { code: number; details: string }) => void;

/**
 * Wraps a master's handlers so that only the leader serves: a standby answers FAILED_PRECONDITION,
 * which clients take as "ask the next master". Unary handlers get the error through their
 * callback, streaming ones on the call.
 */
export function leaderOnly(handlers: Readonly<Record<string, GrpcHandler>>, isLeader: () => boolean): Record<string, GrpcHandler> {
  const refusal = { code: status.FAILED_PRECONDITION, details: 'this kvpool master is a standby; another master leads' };
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      ((call: AnyCall, callback?: AnyCallback) => {
        if (isLeader()) return (handler as (call: AnyCall, callback?: AnyCallback) => void | Promise<void>)(call, callback);
        if (callback) callback(refusal);
        else call.emit('error', refusal);
      }) as GrpcHandler,
    ]),
  );
}
