import { status, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { type Logger } from '@tsukimi/telemetry';
import { type GrpcServiceBinding } from './grpc-binding.model';
import { boundedStatus } from './grpc-status.bound';

const INTERNAL = { code: status.INTERNAL, details: 'internal error' };

type Callback = (error: unknown, ...rest: unknown[]) => void;
type AnyHandler = (call: StreamLike, callback?: Callback) => unknown;
interface StreamLike {
  emit(event: string | symbol, ...args: unknown[]): boolean;
}

/**
 * Wraps every handler so that a thrown error or a rejected promise ends the call with INTERNAL
 * and is logged, instead of crashing the process (grpc-js ignores the promise an async handler
 * returns) or vanishing (grpc-js swallows a synchronous throw as UNKNOWN). Every status a
 * handler ends its call with has its message bounded (`boundedStatus`).
 */
export function guardHandlers(
  definition: ServiceDefinition,
  implementation: GrpcServiceBinding['implementation'],
  logger: Logger,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    // Like grpc-js, accept the proto's method name (`Echo`) or its camelCase form (`echo`).
    const camelCase = method.originalName === undefined ? undefined : implementation[method.originalName];
    const handler = (implementation[name] ?? camelCase) as AnyHandler | undefined;
    if (handler === undefined) continue;
    const fail = (call: StreamLike, callback: Callback | undefined, error: unknown) => {
      logger.error('grpc handler failed', { method: method.path, error });
      if (callback !== undefined) callback(INTERNAL);
      else call.emit('error', INTERNAL);
    };
    const wrapped: AnyHandler = (call, callback) => {
      if (callback === undefined) boundErrors(call);
      const bounded: Callback | undefined = callback === undefined ? undefined : (error, ...rest) => callback(error === null || error === undefined ? error : boundedStatus(error), ...rest);
      try {
        const returned = handler.call(implementation, call, bounded);
        if (returned instanceof Promise) returned.catch((error: unknown) => fail(call, bounded, error));
      } catch (error) {
        fail(call, bounded, error);
      }
    };
    // Sound: the wrapper takes and forwards exactly the arguments grpc-js passes the handler.
    guarded[name] = wrapped as unknown as UntypedServiceImplementation[string];
  }
  return guarded;
}

/** A stream's `error` event, with which a handler ends a streaming call, carries a bounded status. */
function boundErrors(call: StreamLike): void {
  const emit = call.emit.bind(call);
  call.emit = (event, ...args) => (event === 'error' ? emit(event, boundedStatus(args[0])) : emit(event, ...args));
}
