/**
 * Benchmark child: a TcpTransferServer holding `count` blocks of `payloadBytes` in memory, and
 * given a directory, publishing them to it as its shared segment.
 * Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { MemoryBlockStore, SharedSegment, TcpTransferServer } from '@tsukimi/transfer';
import { benchBlocks } from './bench-blocks';

async function main(): Promise<void> {
  const [payloadBytes, count] = process.argv.slice(2, 4).map(Number);
  const segmentDir = process.argv[4];
  const segment = segmentDir === undefined ? undefined : new SharedSegment(segmentDir);
  segment?.create();
  const store = new MemoryBlockStore();
  for (const block of benchBlocks(payloadBytes ?? 0, count ?? 0)) {
    store.writeBlock(block.key, block.bytes);
    segment?.publish(block.key, block.bytes);
  }
  const server = await TcpTransferServer.listen({ store, port: 0 });
  if (!server.ok) throw new Error(`listen failed: ${server.error.message}`);
  process.stdout.write(`${JSON.stringify({ port: server.value.port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

void main();
