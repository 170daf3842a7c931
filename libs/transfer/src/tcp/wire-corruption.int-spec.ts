import { decodeBlock } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryBlockStore } from '../memory-block.store';
import { ChaosProxy } from '../testing/chaos.proxy';
import { testBlock, testBlockExpectation } from '../testing/test-blocks';
import { TcpTransferServer } from './server/tcp-transfer.server';
import { TcpTransport } from './tcp.transport';

const MiB = 1024 * 1024;
/** The server's first bytes on a connection: HELLO (15), then ITEM (18) and a DATA header (17) before the block's bytes. */
const BLOCK_START_ON_WIRE = 15 + 18 + 17;

describe('tcp transport over a link that flips a bit', () => {
  let server: TcpTransferServer;
  let proxy: ChaosProxy;
  let transport: TcpTransport;
  afterEach(async () => {
    await transport.close();
    await proxy.close();
    await server.abort();
  });

  it.each([
    { name: 'in the first slice', at: 1000 },
    { name: 'deep in the block, far from any frame header', at: 700_000 },
  ])('delivers a block damaged $name, and decodeBlock rejects it', async ({ at }) => {
    const block = testBlock(5, MiB);
    const store = new MemoryBlockStore();
    store.writeBlock(block.key, block.bytes);
    server = expectOk(await TcpTransferServer.listen({ store, port: 0, sliceBytes: 256 * 1024 }), 'listen');
    // Slices of 256 KiB put a DATA header every 256 KiB: the offset inside the block shifts by 17 bytes per slice boundary.
    const slicesBefore = Math.floor(at / (256 * 1024));
    proxy = await ChaosProxy.start(server.port, { kind: 'flip', atByte: BLOCK_START_ON_WIRE + at + slicesBefore * 17 });
    transport = new TcpTransport({ connectionsPerEndpoint: 1 });
    const result = await transport.read({ nodeId: 'flaky', host: '127.0.0.1', port: proxy.port }, [block.key], { timeoutMs: 10_000 });
    const outcome = result.ok ? result.value[0] : undefined;
    const bytes = outcome?.status === 'found' ? Buffer.from(outcome.bytes) : Buffer.alloc(0);
    expect(bytes.length).toBe(block.bytes.length);
    const differing = [...bytes.keys()].filter((i) => bytes[i] !== block.bytes[i]);
    expect(differing).toEqual([at]);
    expect(decodeBlock(bytes, testBlockExpectation(5, MiB))).toMatchObject({ ok: false, error: { kind: 'checksum-mismatch' } });
  });
});
