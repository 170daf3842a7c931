/**
 * Benchmark child: the raw pump over `count` blocks of `payloadBytes`, the same blocks the other
 * servers hold. Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { childArgsOrExit } from '../lib/bench-main';
import { benchBlocks } from './bench-blocks';
import { BLOCK_SERVER_OPTIONS } from './block-server.args';
import { listenRawPump } from './raw-pump.server';

const ARGS = {
  bench: 'transfer',
  command: 'raw-pump.child.ts',
  summary: "The transfer bench's ceiling: a raw TCP pump writing the blocks' bytes back to back.",
  options: BLOCK_SERVER_OPTIONS,
} as const;

async function main(): Promise<void> {
  const { payloadBytes, count } = childArgsOrExit(ARGS, process.argv.slice(2));
  const server = await listenRawPump(benchBlocks(payloadBytes, count).map((block) => block.bytes));
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

void main();
