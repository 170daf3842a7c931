import { status, type Metadata } from '@grpc/grpc-js';
import { SERVICE_TOKEN_HEADER, tokenOfBearer, type ServiceTokens } from '../auth/service-token.port';
import { type GrpcServiceBinding } from './grpc-binding.model';

const UNAUTHENTICATED = { code: status.UNAUTHENTICATED, details: 'missing or wrong service token' };

type Callback = (error: unknown, ...rest: unknown[]) => void;
interface CallLike {
  readonly metadata: Metadata;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}
type AnyHandler = (call: CallLike, callback?: Callback) => unknown;

/**
 * Wraps every handler so that a call without one of `tokens` in its `authorization` metadata
 * ends with UNAUTHENTICATED before the handler runs: nothing it would read or change is touched.
 * Every method counts, health and description calls included.
 */
export function requireServiceToken(
  implementation: GrpcServiceBinding['implementation'],
  tokens: Pick<ServiceTokens, 'accepts'>,
  onRefused: () => void,
): GrpcServiceBinding['implementation'] {
  const guarded: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(implementation)) {
    if (typeof handler !== 'function') continue;
    const wrapped: AnyHandler = (call, callback) => {
      const presented = tokenOfBearer(call.metadata.get(SERVICE_TOKEN_HEADER)[0]);
      if (presented !== undefined && tokens.accepts(presented)) return (handler as AnyHandler).call(implementation, call, callback);
      onRefused();
      if (callback !== undefined) callback(UNAUTHENTICATED);
      else call.emit('error', UNAUTHENTICATED);
      return undefined;
    };
    guarded[name] = wrapped;
  }
  // Sound: each wrapper takes and forwards exactly the arguments grpc-js passes the handler.
  return guarded as GrpcServiceBinding['implementation'];
}
