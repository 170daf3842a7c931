import { type Endpoint } from '../../endpoint';
import { type TransferError } from '../../transfer.error';
import { ClientConnection } from './client.connection';
import { type ReceiveBufferPool } from './receive-buffer.pool';
import { type CompiledTcpTransportOptions } from './tcp-transport.options';

/**
 * The connections to one endpoint. A request goes to the least busy usable connection; a new
 * one is opened only while every existing one has requests in flight and the pool is below
 * `connectionsPerEndpoint`. Closed and retired connections leave the pool, so the next request
 * after a failure reconnects.
 */
export class EndpointPool {
  private readonly connections = new Set<ClientConnection>();

  constructor(
    private readonly endpoint: Endpoint,
    private readonly options: CompiledTcpTransportOptions,
    private readonly receivePool: ReceiveBufferPool,
  ) {}

  get size(): number {
    return this.connections.size;
  }

  acquire(): ClientConnection {
    let best: ClientConnection | null = null;
    for (const connection of this.connections) {
      if (!connection.usable) continue;
      if (best === null || connection.inFlight < best.inFlight) best = connection;
    }
    const usable = [...this.connections].filter((connection) => connection.usable).length;
    if (best !== null && (best.inFlight === 0 || usable >= this.options.connectionsPerEndpoint)) return best;
    const connection = new ClientConnection(this.endpoint, this.options, this.receivePool, (closed) => this.connections.delete(closed));
    this.connections.add(connection);
    return connection;
  }

  /** Destroys every connection, failing what is in flight with `transport-closed`; resolves once all sockets closed. */
  async close(): Promise<void> {
    const error: TransferError = { kind: 'transport-closed', endpoint: this.endpoint };
    const connections = [...this.connections];
    for (const connection of connections) connection.destroy(error);
    await Promise.all(connections.map((connection) => connection.whenClosed));
  }
}
