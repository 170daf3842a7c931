import { readFromReplicas } from '../replica.reader';
import { startBlockServerProcess as startChild, type ChildServer } from '../testing/block-server.process';
import { testBlock } from '../testing/test-blocks';
import { TcpTransport } from './tcp.transport';

const MiB = 1024 * 1024;
const opts = { timeoutMs: 20_000 };

describe('tcp transport against a server in another process', () => {
  const children: ChildServer[] = [];
  const transport = new TcpTransport();
  afterAll(async () => {
    await transport.close();
    for (const { child } of children) child.stdin?.end();
    await Promise.all(children.map((server) => server.exited));
  });

  async function child(nodeId: string, count: number, payloadBytes: number, firstSeed = 1): Promise<ChildServer> {
    const server = await startChild(nodeId, count, payloadBytes, firstSeed);
    children.push(server);
    return server;
  }

  it('reads 1 MiB and 16 MiB blocks byte for byte', async () => {
    const [small, large] = await Promise.all([child('small', 8, MiB, 1), child('large', 2, 16 * MiB, 100)]);
    const expected = [...Array.from({ length: 8 }, (_, i) => testBlock(1 + i, MiB)), ...Array.from({ length: 2 }, (_, i) => testBlock(100 + i, 16 * MiB))];
    const [fromSmall, fromLarge] = await Promise.all([
      transport.read(small.endpoint, expected.slice(0, 8).map((block) => block.key), opts),
      transport.read(large.endpoint, expected.slice(8).map((block) => block.key), opts),
    ]);
    const received = [...(fromSmall.ok ? fromSmall.value : []), ...(fromLarge.ok ? fromLarge.value : [])];
    expect(received.map((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(expected[i]?.bytes ?? Buffer.alloc(0)))).toEqual(expected.map(() => true));
  });

  it('fails with connection-lost, without hanging, when the server is killed mid-transfer', async () => {
    const server = await child('doomed', 12, 16 * MiB, 200);
    const keys = Array.from({ length: 12 }, (_, i) => testBlock(200 + i, 1024).key);
    const reading = transport.read(server.endpoint, keys, opts);
    await server.reading;
    server.child.kill('SIGKILL');
    const result = await reading;
    expect(result.ok ? 'ok' : result.error.kind).toBe('connection-lost');
  });

  it('serves from the second replica once the first is killed', async () => {
    const [first, second] = await Promise.all([child('first', 4, 64 * 1024, 300), child('second', 4, 64 * 1024, 300)]);
    const blocks = Array.from({ length: 4 }, (_, i) => testBlock(300 + i, 64 * 1024));
    const warm = await readFromReplicas(transport, [first.endpoint, second.endpoint], blocks.map((block) => block.key), opts);
    expect(warm.map((outcome) => outcome.status === 'found' && outcome.servedBy.nodeId)).toEqual(['first', 'first', 'first', 'first']);
    first.child.kill('SIGKILL');
    await first.exited;
    const outcomes = await readFromReplicas(transport, [first.endpoint, second.endpoint], blocks.map((block) => block.key), opts);
    expect(outcomes.map((outcome) => outcome.status === 'found' && outcome.servedBy.nodeId)).toEqual(['second', 'second', 'second', 'second']);
    expect(outcomes.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]?.bytes ?? Buffer.alloc(0)))).toBe(true);
    expect(['connection-refused', 'connection-lost']).toContain(outcomes[0]?.attempts[0]?.outcome === 'error' && outcomes[0].attempts[0].error.kind);
  });
});
