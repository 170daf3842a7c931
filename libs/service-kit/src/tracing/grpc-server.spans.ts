import { type Metadata } from '@grpc/grpc-js';
import { activeTracer } from '@tsukimi/tracing';
import { type GrpcHandler } from '../grpc/grpc-binding.model';
import { traceparentOf } from './grpc-trace.context';

type UnaryCall = { readonly metadata: Metadata };
type Callback = (error: unknown, ...rest: unknown[]) => void;
type Unary = (call: UnaryCall, callback: Callback) => void | Promise<void>;

/**
 * Unary handlers whose calls, when they arrive with a `traceparent`, are server spans named
 * `<prefix>.<method>` in the caller's trace, ending when the handler answers (failed on an error
 * status). A call without one (maintenance, probes) opens nothing; with tracing off the handlers
 * are returned as they are.
 */
export function unarySpans(prefix: string, handlers: Readonly<Record<string, GrpcHandler>>, methods: readonly string[]): Readonly<Record<string, GrpcHandler>> {
  const tracer = activeTracer();
  if (tracer === undefined) return handlers;
  const traced: Record<string, GrpcHandler> = { ...handlers };
  for (const method of methods) {
    const handler = handlers[method] as unknown as Unary | undefined;
    if (handler === undefined) continue;
    const wrapped: Unary = (call, callback) => {
      const parent = traceparentOf(call.metadata);
      if (parent === undefined) return handler(call, callback);
      const span = tracer.open(`${prefix}.${method}`, { kind: 'server', parent });
      const answer: Callback = (error, ...rest) => {
        if (error !== null && error !== undefined) span.fail(typeof error === 'object' && 'details' in error ? String(error.details) : 'failed');
        span.end();
        callback(error, ...rest);
      };
      return span.within(() => handler(call, answer));
    };
    // Sound: the wrapper takes and forwards exactly the arguments grpc-js passes a unary handler.
    traced[method] = wrapped as unknown as GrpcHandler;
  }
  return traced;
}
