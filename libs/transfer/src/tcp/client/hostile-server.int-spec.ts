import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { type Endpoint } from '../../endpoint';
import { chunking, chunksOf, FUZZ_SEED, hostileStream, writeInTurns } from '../../testing/frame-fuzz.arbitraries';
import { testKey } from '../../testing/test-blocks';
import { type TransferErrorKind } from '../../transfer.error';
import { TcpTransport } from '../tcp.transport';

const MAX_BLOCK_BYTES = 64 * 1024;
/** How a read may end against a server that sends anything and then closes. */
const ALLOWED: readonly (TransferErrorKind | 'ok')[] = ['ok', 'protocol-error', 'connection-lost', 'remote-failure'];

describe(`tcp transport reading from a hostile server (fast-check seed ${FUZZ_SEED})`, () => {
  let server: Server;
  let endpoint: Endpoint;
  /** What the server sends on the next connection, then it closes. */
  let script: readonly Buffer[] = [];
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
      void writeInTurns(socket, script);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = { nodeId: 'hostile', host: '127.0.0.1', port: typeof address === 'object' && address !== null ? address.port : 0 };
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('settles every read with an answer or a typed error, never throwing, never taking a block over its limit', async () => {
    const ends = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileStream, chunking, async (stream, cuts) => {
        script = chunksOf(stream, cuts);
        const transport = new TcpTransport({ connectionsPerEndpoint: 1, maxBlockBytes: MAX_BLOCK_BYTES });
        try {
          const result = await transport.read(endpoint, [testKey(1), testKey(2)], { timeoutMs: 10_000 });
          const end = result.ok ? 'ok' : result.error.kind;
          ends.set(end, (ends.get(end) ?? 0) + 1);
          expect(ALLOWED).toContain(end);
          if (result.ok) for (const outcome of result.value) if (outcome.status === 'found') expect(outcome.bytes.length).toBeLessThanOrEqual(MAX_BLOCK_BYTES);
        } finally {
          await transport.close();
        }
      }),
      { seed: FUZZ_SEED, numRuns: 800 },
    );
    expect(ends.get('protocol-error')).toBeGreaterThan(0);
    expect(ends.get('connection-lost')).toBeGreaterThan(0);
  }, 120_000);
});
