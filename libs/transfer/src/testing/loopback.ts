import { createServer } from 'node:net';
import { type Endpoint } from '../endpoint';

/** A loopback port that was free a moment ago and has nothing listening now. */
export async function deadLoopbackEndpoint(nodeId: string): Promise<Endpoint> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return { nodeId, host: '127.0.0.1', port: typeof address === 'object' && address !== null ? address.port : 1 };
}
