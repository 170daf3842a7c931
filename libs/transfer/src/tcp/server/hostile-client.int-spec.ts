import { connect } from 'node:net';
import fc from 'fast-check';
import { type Endpoint } from '../../endpoint';
import { startBlockServerProcess, type ChildServer } from '../../testing/block-server.process';
import { chunking, chunksOf, FUZZ_SEED, hostileStream, writeInTurns } from '../../testing/frame-fuzz.arbitraries';
import { testBlock, testKey } from '../../testing/test-blocks';
import { encodeDataHeader, encodeHello, encodeWrite } from '../protocol/frame.encode';
import { TcpTransport } from '../tcp.transport';

const BLOCKS = 4;
const PAYLOAD_BYTES = 4096;

/** What the server did with one connection: how many bytes it answered before the connection closed. */
interface Exchange {
  readonly answeredBytes: number;
}

/** Sends `chunks`, half-closes, and resolves once the server has closed the connection too. */
function exchange(endpoint: Endpoint, chunks: readonly Buffer[]): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    let answeredBytes = 0;
    socket.on('data', (chunk: Buffer) => (answeredBytes += chunk.length));
    // The server may drop the connection while bytes are still going out: that is one of the answers allowed.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answeredBytes }));
    socket.on('connect', () => void writeInTurns(socket, chunks));
  });
}

describe(`tcp transfer server under hostile clients (fast-check seed ${FUZZ_SEED})`, () => {
  let server: ChildServer;
  const transport = new TcpTransport();
  const blocks = Array.from({ length: BLOCKS }, (_, i) => testBlock(1 + i, PAYLOAD_BYTES));

  beforeAll(async () => {
    server = await startBlockServerProcess('target', BLOCKS, PAYLOAD_BYTES, 1);
  });
  afterAll(async () => {
    await transport.close();
    server.child.stdin?.end();
    await server.exited;
  });

  async function servesWellFormedClient(): Promise<void> {
    expect(server.child.exitCode).toBeNull();
    const read = await transport.read(server.endpoint, blocks.map((block) => block.key), { timeoutMs: 10_000 });
    expect(read.ok && read.value.map((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toEqual(blocks.map(() => true));
  }

  it('answers or closes every connection fed arbitrary, truncated, lying or valid-then-garbage bytes in any chunking, and lives', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(hostileStream, chunking, async (stream, cuts) => {
        const { answeredBytes } = await exchange(server.endpoint, chunksOf(stream, cuts));
        if (answeredBytes > 0) answered++;
      }),
      { seed: FUZZ_SEED, numRuns: 1500 },
    );
    // A well-formed HELLO is answered: the fuzz reached past the handshake, not only its refusal.
    expect(answered).toBeGreaterThan(100);
    await servesWellFormedClient();
  }, 120_000);

  it('survives a WRITE that declares thousands of maximal blocks and sends one byte of each', async () => {
    const keys = Array.from({ length: 4096 }, (_, i) => testKey(10_000 + i));
    const declared = encodeWrite(7, keys.map((key) => ({ key, bytes: { length: 256 * 1024 * 1024 } as Uint8Array })));
    const slices = keys.map((_, index) => Buffer.concat([encodeDataHeader(7, index, 0, 1), Buffer.from([index & 0xff])]));
    await exchange(server.endpoint, [encodeHello(), declared, Buffer.concat(slices)]);
    await servesWellFormedClient();
  }, 60_000);
});
