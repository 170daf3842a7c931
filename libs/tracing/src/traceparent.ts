/** The W3C Trace Context header (and gRPC metadata key, and field name on other transports). */
export const TRACEPARENT = 'traceparent';

const FORMAT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * A received `traceparent` worth continuing: the W3C format with a non-zero trace and span id
 * (version `ff` is invalid). Anything else is ignored and the service starts no span for it, so a
 * malformed header from a client cannot make the service open traces nobody asked for.
 */
export function validTraceparent(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (!FORMAT.test(text) || text.startsWith('ff-')) return undefined;
  const [, traceId, spanId] = text.split('-');
  return traceId === ZERO_TRACE || spanId === ZERO_SPAN ? undefined : text;
}
