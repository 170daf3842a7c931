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
}

export type CompiledTcpTransportOptions = Required<TcpTransportOptions>;

export function compileTcpTransportOptions(options: TcpTransportOptions = {}): CompiledTcpTransportOptions {
  return compileOptions<TcpTransportOptions>({ ...tcpCommonDefaults, connectionsPerEndpoint: 2, connectTimeoutMs: 5_000, receivePoolBytes: 128 * 1024 * 1024 }, options, {
    ...tcpCommonLimits,
    connectionsPerEndpoint: [1, 1024],
    connectTimeoutMs: [1, 600_000],
    receivePoolBytes: [0, 2 ** 40],
  });
}
