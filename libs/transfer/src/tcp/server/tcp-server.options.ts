import { type BlockStore } from '../../block-store.port';
import { type SharedSecrets } from '../handshake/shared-secret.port';
import { compileOptions, tcpCommonDefaults, tcpCommonLimits, type TcpCommonOptions } from '../tcp.options';

export interface TcpTransferServerOptions extends TcpCommonOptions {
  /** The node's blocks: what READs are served from and WRITEs stored into. */
  readonly store: BlockStore;
  /** Address to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (see `port`). Default 0. */
  readonly port?: number;
  /** Requests one connection may have in flight; more are refused with `too-many-requests`. Default 4096. */
  readonly maxRequestsPerConnection?: number;
  /** How long `close()` lets in-flight requests finish before destroying their connections. Default 10 s. */
  readonly closeGraceMs?: number;
  /**
   * Bytes of incoming blocks buffered at once, over all connections; a block that would go over
   * is received and dropped, and refused as `unavailable`. Default 1 GiB.
   */
  readonly maxReceivingBytes?: number;
  /**
   * When given, a connection must first prove it holds one of these (see `handshake.proof`);
   * one that does not is closed before any frame is read. Every client is served when absent.
   */
  readonly secrets?: SharedSecrets;
  /** How long a client has to send its proof. Default 5 s. */
  readonly handshakeTimeoutMs?: number;
}

type Tunables = Omit<TcpTransferServerOptions, 'store' | 'host' | 'secrets'>;
export type CompiledTcpTransferServerOptions = Required<Tunables> & { readonly store: BlockStore; readonly host: string; readonly secrets: SharedSecrets | undefined };

const defaults: Required<Tunables> = { ...tcpCommonDefaults, port: 0, maxRequestsPerConnection: 4096, closeGraceMs: 10_000, maxReceivingBytes: 1024 * 1024 * 1024, handshakeTimeoutMs: 5_000 };

export function compileServerOptions(options: TcpTransferServerOptions): CompiledTcpTransferServerOptions {
  const { store, host, secrets, ...tunables } = options;
  const compiled = compileOptions<Tunables>(defaults, tunables, {
    ...tcpCommonLimits,
    port: [0, 65_535],
    maxRequestsPerConnection: [1, 1_000_000],
    closeGraceMs: [0, 3_600_000],
    maxReceivingBytes: [1, 2 ** 40],
    handshakeTimeoutMs: [1, 600_000],
  });
  return { ...compiled, store, host: host ?? '127.0.0.1', secrets };
}
