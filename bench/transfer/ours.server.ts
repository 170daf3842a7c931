/**
 * Benchmark child: a TcpTransferServer holding `count` blocks of `payloadBytes` in memory, and
 * given a directory, publishing them to it as its shared segment.
 * Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { MemoryBlockStore, SharedSegment, TcpTransferServer } from '@tsukimi/transfer';
import { childArgsOrExit } from '../lib/bench-main';
import { benchOption } from '../lib/bench-option';
import { benchBlocks } from './bench-blocks';
import { BLOCK_SERVER_OPTIONS } from './block-server.args';

const ARGS = {
  bench: 'transfer',
  command: 'ours.server.ts',
  summary: "The transfer bench's server for Tsukimi's transfer engine: a TcpTransferServer over blocks held in memory.",
  options: { ...BLOCK_SERVER_OPTIONS, segmentDir: benchOption.string({ doc: 'Also publish the blocks to this directory as the shared segment (same-host reads)' }) },
} as const;

async function main(): Promise<void> {
  const { payloadBytes, count, segmentDir } = childArgsOrExit(ARGS, process.argv.slice(2));
  const segment = segmentDir === undefined ? undefined : new SharedSegment(segmentDir);
  segment?.create();
  const store = new MemoryBlockStore();
  for (const block of benchBlocks(payloadBytes, count)) {
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
