/**
 * The longest status message a call ends with. grpc-js sends it as the `grpc-message` trailer:
 * one over the peer's header-list limit cannot be sent, and then neither that call nor any later
 * call on the same connection completes. Handlers often echo what the client sent (a name, a
 * key), so the bound is kept here, once, for every handler.
 */
export const MAX_STATUS_DETAILS_CHARS = 1024;

interface StatusLike {
  readonly code?: unknown;
  readonly details?: unknown;
  readonly message?: unknown;
  readonly metadata?: unknown;
}

/** `error` as given when its status message fits; else a status with the same code and metadata and the message cut. */
export function boundedStatus(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const status = error as StatusLike;
  // grpc-js sends `details`, or an Error's `message` where there are no details.
  const text = typeof status.details === 'string' ? status.details : typeof status.message === 'string' ? status.message : undefined;
  if (text === undefined || text.length <= MAX_STATUS_DETAILS_CHARS) return error;
  const cut = `${text.slice(0, MAX_STATUS_DETAILS_CHARS)}… (${text.length} characters)`;
  return { code: status.code, details: cut, ...(status.metadata === undefined ? {} : { metadata: status.metadata }) };
}
