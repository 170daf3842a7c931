import { connect } from 'node:net';
import { expectOk } from '@tsukimi/result';
import { GatedBlockStore } from '../../testing/gated-block.store';
import { testBlock, testKey } from '../../testing/test-blocks';
import { TcpTransport } from '../tcp.transport';
import { encodeDataHeader, encodeHello, encodeRead, encodeWrite } from '../protocol/frame.encode';
import { TcpTransferServer } from './tcp-transfer.server';
import { type TcpTransferServerOptions } from './tcp-server.options';

const opts = { timeoutMs: 10_000 };

/** Sends raw bytes on a fresh socket and resolves once the server has closed it. */
function sendRaw(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error('server kept a malformed connection open'));
    });
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
  });
}

describe('TcpTransferServer', () => {
  let server: TcpTransferServer;
  let transport: TcpTransport;
  let store: GatedBlockStore;

  async function start(options: Partial<TcpTransferServerOptions> = {}): Promise<void> {
    store = new GatedBlockStore();
    server = expectOk(await TcpTransferServer.listen({ ...options, store, port: 0 }), 'listen');
    transport = new TcpTransport({ connectionsPerEndpoint: 1 });
  }
  afterEach(async () => {
    await transport.close();
    await server.abort();
  });

  const hello = encodeHello();
  it.each([
    ['bytes of another protocol', Buffer.from('GET / HTTP/1.1\r\nHost: tsukimi\r\n\r\n')],
    ['a request before HELLO', encodeRead(1, [testKey(1)])],
    ['a HELLO with the wrong magic', Buffer.from(hello).fill(0x41, 9, 13)],
    ['an unknown op', Buffer.concat([hello, Buffer.from([5, 0, 0, 0, 0x7f, 1, 0, 0, 0])])],
    ['request id 0', Buffer.concat([hello, encodeRead(0, [testKey(1)])])],
    ['a READ whose count disagrees with its length', Buffer.concat([hello, encodeRead(3, [testKey(1)]).fill(9, 9, 10)])],
    ['DATA for no write', Buffer.concat([hello, encodeDataHeader(9, 0, 0, 4), Buffer.alloc(4)])],
    ['DATA past the end of its block', Buffer.concat([hello, encodeWrite(2, [{ key: testKey(1), bytes: Buffer.alloc(4) }]), encodeDataHeader(2, 0, 0, 8), Buffer.alloc(8)])],
  ])('drops a connection that sends %s and keeps serving others', async (_, bytes) => {
    await start();
    const block = testBlock(1, 1024);
    store.put(block.key, block.bytes);
    const endpoint = server.endpoint('a');
    expect((await transport.read(endpoint, [block.key], opts)).ok).toBe(true);
    await sendRaw(server.port, bytes);
    const after = await transport.read(endpoint, [block.key], opts);
    expect(after.ok && after.value[0]?.status).toBe('found');
    expect(server.stats()).toMatchObject({ protocolErrorsTotal: 1, acceptedConnectionsTotal: 2, openConnections: 1 });
  });

  it('reports a port in use as a listen failure', async () => {
    await start();
    const second = await TcpTransferServer.listen({ store, port: server.port });
    expect(second.ok ? 'listening' : second.error).toMatchObject({ kind: 'listen-failed', code: 'EADDRINUSE' });
  });

  it('rejects blocks above its maxBlockBytes and stores the rest of the batch', async () => {
    await start({ maxBlockBytes: 64 * 1024 });
    const [big, small] = [testBlock(1, 1024 * 1024), testBlock(2, 8 * 1024)];
    const result = await transport.write(server.endpoint('a'), [big, small], opts);
    expect(result).toEqual({ ok: true, value: [{ key: big.key, status: 'rejected', reason: 'too-large' }, { key: small.key, status: 'stored' }] });
    expect([store.memory.has(big.key), store.memory.has(small.key)]).toEqual([false, true]);
  });

  it('refuses a write of too many keys, drops its blocks and keeps the connection', async () => {
    await start({ maxKeysPerRequest: 2 });
    const blocks = [1, 2, 3].map((seed) => testBlock(seed, 2 * 1024 * 1024));
    const refused = await transport.write(server.endpoint('a'), blocks, opts);
    expect(refused.ok ? 'ok' : refused.error).toMatchObject({ kind: 'remote-failure', code: 'too-many-keys' });
    const accepted = await transport.write(server.endpoint('a'), blocks.slice(0, 2), opts);
    expect(accepted.ok && accepted.value.map((outcome) => outcome.status)).toEqual(['stored', 'stored']);
    expect(server.stats()).toMatchObject({ acceptedConnectionsTotal: 1, protocolErrorsTotal: 0, refusedRequestsTotal: 1 });
  });

  it('closes gracefully at once when nothing is in flight, even with idle connections open', async () => {
    await start({ closeGraceMs: 60_000 });
    expect((await transport.read(server.endpoint('a'), [testKey(1)], opts)).ok).toBe(true);
    await server.close();
    expect(server.stats().openConnections).toBe(0);
  }, 5_000);
});
