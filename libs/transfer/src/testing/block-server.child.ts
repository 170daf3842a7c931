/**
 * A transfer server in its own process, for integration tests: serves `count` test blocks of
 * `payloadBytes` (seeds `firstSeed`…). Prints `{"port":N}` once listening and `reading` when the
 * first read reaches its store. Exits when its stdin closes, so it never outlives the test.
 *
 * node -r ./tools/runtime/register.js block-server.child.ts <count> <payloadBytes> <firstSeed>
 */
import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockStoreReader } from '../block-store.port';
import { MemoryBlockStore } from '../memory-block.store';
import { TcpTransferServer } from '../tcp/server/tcp-transfer.server';
import { testBlock } from './test-blocks';

async function main(): Promise<void> {
  const [count, payloadBytes, firstSeed] = process.argv.slice(2).map(Number);
  const memory = new MemoryBlockStore();
  for (let i = 0; i < (count ?? 0); i++) {
    const block = testBlock((firstSeed ?? 1) + i, payloadBytes ?? 1024);
    memory.writeBlock(block.key, block.bytes);
  }
  let announced = false;
  const reader: BlockStoreReader = {
    readBlock: (key: BlockKey) => {
      if (!announced) process.stdout.write('reading\n');
      announced = true;
      return memory.readBlock(key);
    },
  };
  const listening = await TcpTransferServer.listen({ store: { reader, writer: memory }, port: 0 });
  if (!listening.ok) {
    process.stderr.write(`${listening.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ port: listening.value.port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

void main();
