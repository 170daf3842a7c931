import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';

/**
 * A loopback TCP proxy that flips one bit of what the server sends: the byte at `flipAtByte` of
 * each connection's server-to-client stream. It stands for a NIC, cable or kernel that damages
 * data in flight; what the client sends passes unchanged.
 */
export class BitFlipProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(targetPort: number, flipAtByte: number) {
    this.server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      let seen = 0;
      const flip = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          const at = flipAtByte - seen;
          seen += chunk.length;
          if (at >= 0 && at < chunk.length) chunk[at] = (chunk[at] as number) ^ 0x01;
          done(null, chunk);
        },
      });
      client.pipe(upstream);
      upstream.pipe(flip).pipe(client);
    });
  }

  /** Listens on a free loopback port and forwards to `targetPort`. */
  static async start(targetPort: number, flipAtByte: number): Promise<BitFlipProxy> {
    const proxy = new BitFlipProxy(targetPort, flipAtByte);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** Where clients connect. */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }
}
