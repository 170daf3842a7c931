/** An `Error` as it appears in a log line; `cause` is serialised the same way, recursively. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Node system errors (`ECONNREFUSED`), gRPC status codes, our own error codes. */
  readonly code?: unknown;
  readonly cause?: unknown;
  /** The inner errors of an `AggregateError`. */
  readonly errors?: readonly unknown[];
}

/**
 * Keeps what a reader needs to diagnose an error. `JSON.stringify` alone would print `{}`,
 * because an error's `message` and `stack` are not enumerable.
 */
export function serializeError(error: Error): SerializedError {
  const code: unknown = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined && { stack: error.stack }),
    ...(code !== undefined && { code }),
    ...(error.cause !== undefined && { cause: error.cause }),
    ...(error instanceof AggregateError && { errors: error.errors }),
  };
}
