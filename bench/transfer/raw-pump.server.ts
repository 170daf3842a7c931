import { createServer, type Socket } from 'node:net';

/** A raw pump request: the first block's index and how many blocks follow it, u32 LE each. */
export const RAW_REQUEST_BYTES = 8;

export function encodeRawRequest(first: number, count: number): Buffer {
  const request = Buffer.allocUnsafe(RAW_REQUEST_BYTES);
  request.writeUInt32LE(first, 0);
  request.writeUInt32LE(count, 4);
  return request;
}

export interface RawPumpServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly acceptedConnections: () => number;
  close(): Promise<void>;
}

/**
 * The limit to compare our server against: on each request it writes the asked-for blocks back
 * to back on a plain socket, in the order the requests came, waiting for 'drain' when write()
 * says so. No framing, no keys, no lookups, no per-block bookkeeping.
 */
export function listenRawPump(blocks: readonly Uint8Array[]): Promise<RawPumpServer> {
  let accepted = 0;
  // The same socket buffering as the transfer server, so the comparison is about protocol, not settings.
  const server = createServer({ highWaterMark: 4 * 1024 * 1024, noDelay: true }, (socket) => {
    accepted++;
    socket.on('error', () => socket.destroy());
    servePump(socket, blocks);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : 0,
        acceptedConnections: () => accepted,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

function servePump(socket: Socket, blocks: readonly Uint8Array[]): void {
  const queue: number[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let waiting = false;
  const writeMore = (): void => {
    waiting = false;
    while (queue.length > 0) {
      if (!socket.write(blocks[queue.shift() as number] as Uint8Array)) {
        waiting = true;
        socket.once('drain', writeMore);
        return;
      }
    }
  };
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    for (; at + RAW_REQUEST_BYTES <= pending.length; at += RAW_REQUEST_BYTES) {
      const first = pending.readUInt32LE(at);
      const count = pending.readUInt32LE(at + 4);
      for (let index = first; index < first + count && index < blocks.length; index++) queue.push(index);
    }
    pending = pending.subarray(at);
    if (!waiting) writeMore();
  });
}
