import { createServer } from 'node:net';
import { type Endpoint } from '../endpoint';

/** A port on `host` that was free a moment ago and has nothing listening now. */
export async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

/** A loopback endpoint that was free a moment ago and has nothing listening now. */
export async function deadLoopbackEndpoint(nodeId: string): Promise<Endpoint> {
  return { nodeId, host: '127.0.0.1', port: await freeLoopbackPort() };
}
