import { type ServiceDefinition } from '@grpc/grpc-js';

/**
 * A handler as grpc-js calls it: `(call, callback)` for unary and client-streaming methods,
 * `(call)` for server-streaming and bidi ones. It may be async: the kit ends the call with
 * INTERNAL and logs if it throws or rejects. Typed with `never` parameters so that handlers
 * declared with precise grpc-js types (`ServerUnaryCall<Req, Res>`, …) are accepted as they are.
 */
export type GrpcHandler = (call: never, callback: never) => void | Promise<void>;

/**
 * One gRPC service to serve: its definition (from `@grpc/proto-loader` or generated code) and
 * the handlers by method name, written against plain `@grpc/grpc-js` calls so they keep direct
 * access to deadlines (`call.getDeadline()`), cancellation (`abortSignalOf(call)`) and
 * backpressure (`call.write` returning false).
 */
export interface GrpcServiceBinding {
  readonly definition: ServiceDefinition;
  readonly implementation: Readonly<Record<string, GrpcHandler>>;
}
