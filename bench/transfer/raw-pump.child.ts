/**
 * Benchmark child: the raw pump over `count` blocks of `payloadBytes`, the same blocks the other
 * servers hold. Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { benchBlocks } from './bench-blocks';
import { listenRawPump } from './raw-pump.server';

async function main(): Promise<void> {
  const [payloadBytes, count] = process.argv.slice(2).map(Number);
  const server = await listenRawPump(benchBlocks(payloadBytes ?? 0, count ?? 0).map((block) => block.bytes));
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

void main();
