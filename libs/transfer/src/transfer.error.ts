import { type Endpoint } from './endpoint';

/** Why a whole request to one endpoint failed; per-key misses and refusals are outcomes, not errors. */
export type TransferError =
  /** No complete answer within `timeoutMs`; the request was cancelled. */
  | { readonly kind: 'timeout'; readonly endpoint: Endpoint; readonly timeoutMs: number }
  /** The endpoint could not be reached: refused, unreachable, not registered, or the connect timed out. */
  | { readonly kind: 'connection-refused'; readonly endpoint: Endpoint; readonly message: string }
  /** The connection closed or the node went away before the answer was complete. */
  | { readonly kind: 'connection-lost'; readonly endpoint: Endpoint; readonly message: string }
  /** The peer sent bytes that break the protocol; the connection was dropped. */
  | { readonly kind: 'protocol-error'; readonly endpoint: Endpoint; readonly message: string }
  /** The server answered the request with a failure of its own. */
  | { readonly kind: 'remote-failure'; readonly endpoint: Endpoint; readonly code: RemoteFailureCode; readonly message: string }
  /** The request cannot be sent as asked (e.g. a block larger than the transport allows). */
  | { readonly kind: 'invalid-request'; readonly endpoint: Endpoint; readonly message: string }
  /** `close()` was called on the transport. */
  | { readonly kind: 'transport-closed'; readonly endpoint: Endpoint };

/** Failure codes a server sends for a whole request; they travel on the wire, so add to the end only. */
export const remoteFailureCodes = ['store-failure', 'shutting-down', 'too-many-keys', 'too-many-requests', 'internal'] as const;
export type RemoteFailureCode = (typeof remoteFailureCodes)[number];

export type TransferErrorKind = TransferError['kind'];

/** Typed as a record so that a new kind of TransferError cannot be left out. */
const KINDS: Readonly<Record<TransferErrorKind, true>> = {
  timeout: true,
  'connection-refused': true,
  'connection-lost': true,
  'protocol-error': true,
  'remote-failure': true,
  'invalid-request': true,
  'transport-closed': true,
};

/** Every kind of TransferError, e.g. to create a counter series for each before the first failure. */
export const transferErrorKinds = Object.keys(KINDS) as readonly TransferErrorKind[];
