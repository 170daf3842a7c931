import * as net from 'node:net';

/**
 * A loopback port that was free a moment ago. Another process may take it before the caller
 * binds it; the launcher itself passes port 0 and reads the bound port instead.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
