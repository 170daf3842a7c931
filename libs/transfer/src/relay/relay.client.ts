import { RelayConnection } from './relay.connection';
import { compileRelayOptions, type CompiledRelayOptions, type RelayOptions } from './relay.options';
import { type RelayStream } from './relay.stream';

/**
 * Streams to relay servers, one persistent connection per server address (`host:port`), opened
 * on first use and again after it fails. Opening a stream never throws: a connection that cannot
 * be made ends the stream with an `unavailable` error.
 */
export class RelayClient {
  private readonly options: CompiledRelayOptions;
  private readonly connections = new Map<string, RelayConnection>();

  constructor(options?: RelayOptions) {
    this.options = compileRelayOptions(options);
  }

  open(host: string, port: number, request: Uint8Array): RelayStream {
    const address = `${host}:${port}`;
    let connection = this.connections.get(address);
    if (connection === undefined || !connection.usable) {
      const made: RelayConnection = new RelayConnection(host, port, this.options, (closed) => {
        if (this.connections.get(address) === closed) this.connections.delete(address);
      });
      connection = made;
      this.connections.set(address, made);
    }
    return connection.open(request);
  }

  /** Connections held now (each server one at most). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Closes every connection; their open streams end with `unavailable`. */
  close(): void {
    for (const connection of [...this.connections.values()]) connection.close();
    this.connections.clear();
  }
}
