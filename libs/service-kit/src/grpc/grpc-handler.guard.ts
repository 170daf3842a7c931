import { status, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { type Logger } from '@tsukimi/telemetry';
import { type GrpcServiceBinding } from './grpc-binding.model';

const INTERNAL = { code: status.INTERNAL, details: 'internal error' };

type AnyHandler = (call: StreamLike, callback?: (error: unknown) => void) => unknown;
interface StreamLike {
  emit(event: 'error', error: unknown): boolean;
}

/**
 * Wraps every handler so that a thrown error or a rejected promise ends the call with INTERNAL
 * and is logged, instead of crashing the process (grpc-js ignores the promise an async handler
 * returns) or vanishing (grpc-js swallows a synchronous throw as UNKNOWN).
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
    const fail = (call: StreamLike, callback: ((error: unknown) => void) | undefined, error: unknown) => {
      logger.error('grpc handler failed', { method: method.path, error });
      if (callback !== undefined) callback(INTERNAL);
      else call.emit('error', INTERNAL);
    };
    const wrapped: AnyHandler = (call, callback) => {
      try {
        const returned = handler.call(implementation, call, callback);
        if (returned instanceof Promise) returned.catch((error: unknown) => fail(call, callback, error));
      } catch (error) {
        fail(call, callback, error);
      }
    };
    // Sound: the wrapper takes and forwards exactly the arguments grpc-js passes the handler.
    guarded[name] = wrapped as unknown as UntypedServiceImplementation[string];
  }
  return guarded;
}
