import { expectOk } from '@tsukimi/result';
import { type TcpTransferServerOptions } from '../tcp/server/tcp-server.options';
import { TcpTransferServer } from '../tcp/server/tcp-transfer.server';
import { type TcpTransport } from '../tcp/tcp.transport';
import { type TransportHarness } from '../transport.contract';
import { deadLoopbackEndpoint } from './loopback';

/** The transport contract's harness over loopback TCP servers, each listening with `server` besides its store and port. */
export function tcpHarness(transport: TcpTransport, server: Omit<TcpTransferServerOptions, 'store' | 'port'> = {}): Promise<TransportHarness> {
  const servers = new Map<string, TcpTransferServer>();
  let nodes = 0;
  return Promise.resolve({
    transport,
    startNode: async (store) => {
      const nodeId = `node-${++nodes}`;
      const listening = expectOk(await TcpTransferServer.listen({ ...server, store, port: 0 }), 'listen');
      servers.set(nodeId, listening);
      return listening.endpoint(nodeId);
    },
    stopNode: async (endpoint, how) => {
      const stopping = servers.get(endpoint.nodeId);
      servers.delete(endpoint.nodeId);
      await (how === 'kill' ? stopping?.abort() : stopping?.close());
    },
    deadEndpoint: () => deadLoopbackEndpoint(`dead-${++nodes}`),
    close: async () => {
      await transport.close();
      await Promise.all([...servers.values()].map((listening) => listening.abort()));
    },
  });
}
