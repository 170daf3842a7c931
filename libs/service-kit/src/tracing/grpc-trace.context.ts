import { InterceptingCall, type Interceptor, type Metadata } from '@grpc/grpc-js';
import { activeTracer, TRACEPARENT, type Tracer, validTraceparent } from '@tsukimi/tracing';

/**
 * Adds the active span's W3C `traceparent` to every call a client makes, read when the call
 * starts: a call made inside a span (the conductor's prefill span, the prefill service's own)
 * carries it to the service that answers, which continues the trace. Outside any span: nothing.
 */
export function traceContextInterceptor(tracer: Tracer): Interceptor {
  return (options, nextCall) => {
    const traceparent = tracer.traceparent();
    if (traceparent === undefined) return new InterceptingCall(nextCall(options));
    return new InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set(TRACEPARENT, traceparent);
        next(metadata, listener);
      },
    });
  };
}

/** The interceptor when tracing is on; none (no per-call cost) while it is off. */
export function traceContextInterceptors(): Interceptor[] {
  const tracer = activeTracer();
  return tracer === undefined ? [] : [traceContextInterceptor(tracer)];
}

/** The caller's `traceparent`, when its call carried a valid one. */
export function traceparentOf(metadata: Metadata): string | undefined {
  const [value] = metadata.get(TRACEPARENT);
  return validTraceparent(typeof value === 'string' ? value : undefined);
}
