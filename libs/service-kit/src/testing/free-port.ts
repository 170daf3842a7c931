import * as net from 'node:net';

/**
 * A loopback port that was free a moment ago, for a test that must name a port before a process
 * binds it. Another process may take it first: where the process under test can bind port 0 and
 * report the port it got, prefer that.
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
