import { type SharedSecrets } from '../handshake/shared-secret.port';
import { compileOptions, tcpCommonDefaults, tcpCommonLimits, type TcpCommonOptions } from '../tcp.options';

export interface TcpTransportOptions extends TcpCommonOptions {
  /** Sockets kept per endpoint; requests share them (pipelined) and a new one opens only when all are busy. Default 2. */
  readonly connectionsPerEndpoint?: number;
  /** Limit on establishing a connection, independent of request deadlines. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /**
   * Received blocks' memory kept idle for reuse once callers release it (KeyReadOutcome.release),
   * shared by all endpoints; 0 allocates every block afresh. Default 128 MiB.
   */
  readonly receivePoolBytes?: number;
  /** Proves one of these to every server, before any frame (see `handshake.proof`); no handshake when absent. */
  readonly secrets?: SharedSecrets;
}

type Tunables = Omit<TcpTransportOptions, 'secrets'>;
export type CompiledTcpTransportOptions = Required<Tunables> & { readonly secrets: SharedSecrets | undefined };

export function compileTcpTransportOptions(options: TcpTransportOptions = {}): CompiledTcpTransportOptions {
  const { secrets, ...tunables } = options;
  const compiled = compileOptions<Tunables>({ ...tcpCommonDefaults, connectionsPerEndpoint: 2, connectTimeoutMs: 5_000, receivePoolBytes: 128 * 1024 * 1024 }, tunables, {
    ...tcpCommonLimits,
    connectionsPerEndpoint: [1, 1024],
    connectTimeoutMs: [1, 600_000],
    receivePoolBytes: [0, 2 ** 40],
  });
  return { ...compiled, secrets };
}
