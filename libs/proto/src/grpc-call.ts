import { type CallOptions, type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { err, ok, type Result } from '@tsukimi/result';

/** A failed call, as a value: the status code and its details. */
export interface CallFailure {
  readonly code: status;
  readonly details: string;
}

type UnaryMethod<Req, Res> = (request: Req, metadata: Metadata, options: CallOptions, callback: (error: ServiceError | null, response?: Res) => void) => unknown;

/**
 * Calls a unary method with a deadline and returns its outcome as a Result, so callers
 * handle an unavailable or slow peer as an expected case rather than an exception.
 */
export function callUnary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, metadata: Metadata, timeoutMs: number): Promise<Result<Res, CallFailure>> {
  return new Promise((resolve) => {
    method(request, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) resolve(err({ code: error.code ?? status.UNKNOWN, details: error.details || error.message }));
      else if (response === undefined) resolve(err({ code: status.INTERNAL, details: 'empty response' }));
      else resolve(ok(response));
    });
  });
}
