import { InterceptingCall, type ClientOptions, type Interceptor } from '@grpc/grpc-js';
import { traceContextInterceptors } from '../tracing/grpc-trace.context';
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
 * configured, and go as today when none is (loopback development); with tracing on, they carry the
 * active span's `traceparent`.
 */
export function serviceClientOptions(tokens: Pick<ServiceTokens, 'sending'> | undefined, options: ClientOptions = {}): ClientOptions {
  const added = [...traceContextInterceptors(), ...(tokens === undefined ? [] : [serviceTokenInterceptor(tokens)])];
  if (added.length === 0) return options;
  return { ...options, interceptors: [...(options.interceptors ?? []), ...added] };
}
