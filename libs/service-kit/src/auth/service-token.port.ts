/** The tokens a service proves itself with and checks its peers against (see `ServiceTokensFile`). */
export interface ServiceTokens {
  /** The token this service sends. */
  sending(): string;
  /** Every token a peer may send. */
  accepted(): readonly string[];
  /** Whether a peer's token is one of `accepted()`, compared in constant time. */
  accepts(presented: string): boolean;
}

/** Where a token travels, on gRPC metadata and HTTP alike. */
export const SERVICE_TOKEN_HEADER = 'authorization';

/** The header value that carries `token`. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** The token a header value carries, or undefined when it is not a bearer credential. */
export function tokenOfBearer(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('Bearer ')) return undefined;
  return value.slice('Bearer '.length).trim();
}
