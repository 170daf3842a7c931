import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOk } from '@tsukimi/result';
import { type BlockStore } from '../block-store.port';
import { type Endpoint } from '../endpoint';
import { SameHostTransport } from '../shared/same-host.transport';
import { SharedSegment } from '../shared/shared-segment';
import { TcpTransferServer } from '../tcp/server/tcp-transfer.server';
import { TcpTransport } from '../tcp/tcp.transport';
import { type TransportHarness } from '../transport.contract';
import { deadLoopbackEndpoint } from './loopback';

export const THIS_HOST = 'host-under-test';

/** A fresh directory on a RAM-backed filesystem where there is one, else in the temp directory. */
export function freshSegmentRoot(): string {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tsukimi-segment-'));
}

/** A store whose accepted writes are also published to `segment`, as a node with a shared segment does. */
export function publishingStore(store: BlockStore, segment: SharedSegment): BlockStore {
  return {
    reader: store.reader,
    writer: {
      async writeBlock(key, bytes) {
        const outcome = await store.writer.writeBlock(key, bytes);
        if (outcome.status === 'stored') segment.publish(key, bytes);
        return outcome;
      },
    },
  };
}

/**
 * Nodes served over tcp on loopback, each advertising a shared segment on this host where it
 * publishes the blocks written to it; the reader is a SameHostTransport over a TcpTransport.
 */
export function sameHostHarness(): Promise<TransportHarness & { readonly transport: SameHostTransport }> {
  const root = freshSegmentRoot();
  const transport = new SameHostTransport({ hostId: THIS_HOST, fallback: new TcpTransport({ connectionsPerEndpoint: 2 }) });
  const servers = new Map<string, { server: TcpTransferServer; segment: SharedSegment }>();
  let nodes = 0;
  return Promise.resolve({
    transport,
    startNode: async (store: BlockStore): Promise<Endpoint> => {
      const nodeId = `node-${++nodes}`;
      const segment = new SharedSegment(join(root, nodeId));
      segment.create();
      const server = expectOk(await TcpTransferServer.listen({ store: publishingStore(store, segment), port: 0 }), 'listen');
      servers.set(nodeId, { server, segment });
      return { ...server.endpoint(nodeId), sharedSegment: { hostId: THIS_HOST, dir: segment.dir } };
    },
    stopNode: async (endpoint, how) => {
      const node = servers.get(endpoint.nodeId);
      servers.delete(endpoint.nodeId);
      // A node that stops withdraws its segment; one that crashes leaves it behind.
      if (how === 'graceful') node?.segment.destroy();
      await (how === 'kill' ? node?.server.abort() : node?.server.close());
    },
    deadEndpoint: () => deadLoopbackEndpoint(`dead-${++nodes}`),
    close: async () => {
      await transport.close();
      await Promise.all([...servers.values()].map(({ server }) => server.abort()));
      rmSync(root, { recursive: true, force: true });
    },
  });
}
