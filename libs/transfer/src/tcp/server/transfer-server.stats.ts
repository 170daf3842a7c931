/** Counters a server keeps, for metrics and for tests that need to see what the server did. */
export interface TransferServerStats {
  /** Connections open now. */
  readonly openConnections: number;
  readonly acceptedConnectionsTotal: number;
  /** Connections dropped because the peer broke the protocol. */
  readonly protocolErrorsTotal: number;
  readonly readRequestsTotal: number;
  readonly writeRequestsTotal: number;
  /** Requests refused before they started: shutting down, too many keys or requests in flight. */
  readonly refusedRequestsTotal: number;
  /** Connections closed because they did not prove a shared secret (wrong, missing or late proof). */
  readonly unauthenticatedConnectionsTotal: number;
}

export type MutableTransferServerStats = { -readonly [K in keyof TransferServerStats]: TransferServerStats[K] };

export function emptyServerStats(): MutableTransferServerStats {
  return { openConnections: 0, acceptedConnectionsTotal: 0, protocolErrorsTotal: 0, readRequestsTotal: 0, writeRequestsTotal: 0, refusedRequestsTotal: 0, unauthenticatedConnectionsTotal: 0 };
}
