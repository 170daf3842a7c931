/**
 * Benchmark child: the limit to compare against. On each 1-byte request it writes all its blocks
 * back to back on a plain socket, waiting for 'drain' when write() says so. No framing, no
 * per-block bookkeeping. Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { createServer, type Socket } from 'node:net';
import { benchBlocks } from './bench-blocks';

function pump(socket: Socket, blocks: readonly Uint8Array[]): void {
  let next = 0;
  const writeMore = (): void => {
    while (next < blocks.length) {
      if (!socket.write(blocks[next++] as Uint8Array)) {
        socket.once('drain', writeMore);
        return;
      }
    }
  };
  writeMore();
}

const [payloadBytes, count] = process.argv.slice(2).map(Number);
const blocks = benchBlocks(payloadBytes ?? 0, count ?? 0).map((block) => block.bytes);
// The same socket buffering as the transfer server, so the comparison is about protocol, not settings.
const server = createServer({ highWaterMark: 4 * 1024 * 1024, noDelay: true }, (socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (request: Buffer) => {
    for (let i = 0; i < request.length; i++) pump(socket, blocks);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
