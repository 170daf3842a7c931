import { InterceptingCall, type ClientOptions, type Interceptor } from '@grpc/grpc-js';
import { bearer, SERVICE_TOKEN_HEADER, type ServiceTokens } from './service-token.port';

/** Adds this service's token to every call a client makes; read per call, so a rotation applies at once. */
export function serviceTokenInterceptor(tokens: Pick<ServiceTokens, 'sending'>): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set(SERVICE_TOKEN_HEADER, bearer(tokens.sending()));
        next(metadata, listener);
      },
    });
}

/**
 * Options for a grpc-js client of another Tsukimi service: its calls carry the token when one is
 * configured, and go as today when none is (loopback development).
 */
export function serviceClientOptions(tokens: Pick<ServiceTokens, 'sending'> | undefined, options: ClientOptions = {}): ClientOptions {
  if (tokens === undefined) return options;
  return { ...options, interceptors: [...(options.interceptors ?? []), serviceTokenInterceptor(tokens)] };
}
