import { createServer, type Server, type Socket } from 'node:net';
import { err, ok, type Result } from '@tsukimi/result';
import { type Endpoint } from '../../endpoint';
import { HandshakeGate } from '../handshake/server.handshake';
import { ReceiveBudget } from './receive.budget';
import { ServerConnection } from './server.connection';
import { compileServerOptions, type CompiledTcpTransferServerOptions, type TcpTransferServerOptions } from './tcp-server.options';
import { emptyServerStats, type TransferServerStats } from './transfer-server.stats';

export interface ListenError {
  readonly kind: 'listen-failed';
  /** The system error code, e.g. EADDRINUSE or EACCES. */
  readonly code: string;
  readonly message: string;
}

/** Serves a node's block store over the tcp data plane. */
export class TcpTransferServer {
  private readonly connections = new Set<ServerConnection>();
  private readonly counters = emptyServerStats();
  private closing: Promise<void> | null = null;
  private readonly gate: HandshakeGate | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: CompiledTcpTransferServerOptions,
    /** The port actually bound (the chosen one when listening on port 0). */
    readonly port: number,
  ) {
    const receiveBudget = new ReceiveBudget(options.maxReceivingBytes);
    this.gate = options.secrets === undefined ? undefined : new HandshakeGate(options.secrets, options.handshakeTimeoutMs);
    const unauthenticated = () => this.counters.unauthenticatedConnectionsTotal++;
    const serve = (socket: Socket): void => {
      this.counters.openConnections++;
      const connection = new ServerConnection(socket, {
        options,
        stats: this.counters,
        receiveBudget,
        closed: (closed) => {
          this.connections.delete(closed);
          this.counters.openConnections--;
        },
      });
      this.connections.add(connection);
    };
    server.on('connection', (socket) => {
      if (this.closing !== null) {
        socket.destroy();
        return;
      }
      this.counters.acceptedConnectionsTotal++;
      if (this.gate === undefined) serve(socket);
      else this.gate.admit(socket, (admitted) => (this.closing === null ? serve(admitted) : admitted.destroy()), unauthenticated);
    });
  }

  /** Starts listening; a port in use or an address that cannot be bound is a `listen-failed` result. */
  static listen(options: TcpTransferServerOptions): Promise<Result<TcpTransferServer, ListenError>> {
    const compiled = compileServerOptions(options);
    const server = createServer({ highWaterMark: compiled.highWaterMarkBytes, noDelay: true });
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => resolve(err({ kind: 'listen-failed', code: error.code ?? 'UNKNOWN', message: error.message }));
      server.once('error', onError);
      server.listen(compiled.port, compiled.host, () => {
        server.off('error', onError);
        // Accept errors (e.g. EMFILE) concern one connection attempt; the listener keeps going.
        server.on('error', () => undefined);
        const address = server.address();
        const port = typeof address === 'object' && address !== null ? address.port : compiled.port;
        resolve(ok(new TcpTransferServer(server, compiled, port)));
      });
    });
  }

  get host(): string {
    return this.options.host;
  }

  /** How clients reach this server as node `nodeId`. */
  endpoint(nodeId: string): Endpoint {
    return { nodeId, host: this.options.host, port: this.port };
  }

  stats(): TransferServerStats {
    return { ...this.counters };
  }

  /**
   * Stops accepting, refuses new requests on open connections, lets requests in flight finish,
   * then ends each connection. After `closeGraceMs` whatever is left is destroyed.
   */
  close(): Promise<void> {
    return this.shutdown(false);
  }

  /** Closes at once, destroying every connection and whatever was in flight on it. */
  abort(): Promise<void> {
    return this.shutdown(true);
  }

  private shutdown(abort: boolean): Promise<void> {
    if (abort) for (const connection of this.connections) connection.destroy();
    if (this.closing !== null) return this.closing;
    this.gate?.destroyAll();
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const connections = [...this.connections];
    for (const connection of connections) connection.beginClose();
    const closed = Promise.all([listenerClosed, ...connections.map((connection) => connection.whenClosed)]).then(() => undefined);
    const grace = setTimeout(() => {
      for (const connection of this.connections) connection.destroy();
    }, this.options.closeGraceMs);
    this.closing = closed.finally(() => clearTimeout(grace));
    return this.closing;
  }
}
