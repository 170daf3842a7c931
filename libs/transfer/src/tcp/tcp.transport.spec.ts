import { expectOk } from '@tsukimi/result';
import { GatedBlockStore } from '../testing/gated-block.store';
import { testBlock, testKey } from '../testing/test-blocks';
import { waitFor } from '../testing/wait-for';
import { tcpHarness } from '../testing/tcp.harness';
import { runTransportContract } from '../transport.contract';
import { TcpTransferServer } from './server/tcp-transfer.server';
import { type TcpTransferServerOptions } from './server/tcp-server.options';
import { TcpTransport } from './tcp.transport';
import { type TcpTransportOptions } from './client/tcp-transport.options';

runTransportContract('tcp', () => tcpHarness(new TcpTransport({ connectionsPerEndpoint: 2 })));

describe('TcpTransport', () => {
  const MiB = 1024 * 1024;
  const opts = { timeoutMs: 10_000 };
  let server: TcpTransferServer;
  let transport: TcpTransport;
  let store: GatedBlockStore;

  async function start(serverOptions: Partial<TcpTransferServerOptions> = {}, clientOptions: TcpTransportOptions = {}): Promise<void> {
    store = new GatedBlockStore();
    server = expectOk(await TcpTransferServer.listen({ ...serverOptions, store, port: 0 }), 'listen');
    transport = new TcpTransport(clientOptions);
  }
  afterEach(async () => {
    await transport.close();
    await server.abort();
  });

  it('pipelines many concurrent requests over a single connection', async () => {
    await start({}, { connectionsPerEndpoint: 1 });
    const blocks = Array.from({ length: 300 }, (_, i) => testBlock(i + 1, 8 * 1024));
    for (const block of blocks) store.put(block.key, block.bytes);
    const endpoint = server.endpoint('a');
    const results = await Promise.all(blocks.map((block) => transport.read(endpoint, [block.key], opts)));
    expect(results.every((result, i) => result.ok && result.value[0]?.status === 'found' && Buffer.from(result.value[0].bytes).equals(blocks[i]?.bytes ?? Buffer.alloc(0)))).toBe(true);
    expect([transport.connectionCount(endpoint), server.stats().acceptedConnectionsTotal, server.stats().readRequestsTotal]).toEqual([1, 1, 300]);
  });

  it('slices large blocks so a small read is not stuck behind them on the same connection', async () => {
    await start({}, { connectionsPerEndpoint: 1 });
    const big = Array.from({ length: 6 }, (_, i) => testBlock(i + 1, 16 * MiB));
    const small = testBlock(100, 4 * 1024);
    for (const block of [...big, small]) store.put(block.key, block.bytes);
    const endpoint = server.endpoint('a');
    const finished: string[] = [];
    const bigRead = transport.read(endpoint, big.map((block) => block.key), opts).then((result) => finished.push(`big ${result.ok}`));
    const smallRead = transport.read(endpoint, [small.key], opts).then((result) => finished.push(`small ${result.ok}`));
    await Promise.all([bigRead, smallRead]);
    expect(finished).toEqual(['small true', 'big true']);
  });

  it('mixes reads and writes on one connection', async () => {
    await start({}, { connectionsPerEndpoint: 1 });
    const stored = testBlock(1, 16 * MiB);
    store.put(stored.key, stored.bytes);
    const endpoint = server.endpoint('a');
    const incoming = [testBlock(2, 16 * MiB), testBlock(3, 1024)];
    const [read, written] = await Promise.all([transport.read(endpoint, [stored.key, stored.key], opts), transport.write(endpoint, incoming, opts)]);
    expect(read.ok && read.value.every((outcome) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(stored.bytes))).toBe(true);
    expect(written.ok && written.value.map((outcome) => outcome.status)).toEqual(['stored', 'stored']);
    expect(incoming.every((block) => store.memory.has(block.key))).toBe(true);
  });

  it('retires a connection that stayed silent through a timeout and reconnects', async () => {
    await start({}, { connectionsPerEndpoint: 1 });
    const [stuck, fine] = [testBlock(1, 1024), testBlock(2, 1024)];
    store.put(stuck.key, stuck.bytes);
    store.put(fine.key, fine.bytes);
    store.hold(stuck.key);
    const endpoint = server.endpoint('a');
    expect((await transport.read(endpoint, [fine.key], opts)).ok).toBe(true);
    const timedOut = await transport.read(endpoint, [stuck.key], { timeoutMs: 100 });
    expect(timedOut.ok ? 'ok' : timedOut.error.kind).toBe('timeout');
    expect((await transport.read(endpoint, [fine.key], opts)).ok).toBe(true);
    expect(server.stats().acceptedConnectionsTotal).toBe(2);
    await waitFor('the retired connection to close', () => server.stats().openConnections === 1);
    store.open();
    await waitFor('the abandoned block to be released', () => store.unreleased === 0);
  });

  it('closes a connection once nothing has been in flight on it for idleTimeoutMs, and reconnects for the next read', async () => {
    await start({}, { connectionsPerEndpoint: 1, idleTimeoutMs: 200 });
    const block = testBlock(1, 64 * 1024);
    store.put(block.key, block.bytes);
    const endpoint = server.endpoint('a');
    expect((await transport.read(endpoint, [block.key], opts)).ok).toBe(true);
    await waitFor('the idle connection to close', () => transport.connectionCount(endpoint) === 0 && server.stats().openConnections === 0);
    expect((await transport.read(endpoint, [block.key], opts)).ok).toBe(true);
    expect(server.stats().acceptedConnectionsTotal).toBe(2);
  });

  it('sends a READ of more keys than fit a 64 KiB frame', async () => {
    await start({ maxKeysPerRequest: 20_000 }, { maxKeysPerRequest: 20_000 });
    const block = testBlock(5, 1024);
    store.put(block.key, block.bytes);
    const keys = Array.from({ length: 20_000 }, (_, i) => testKey(i));
    const result = await transport.read(server.endpoint('a'), keys, opts);
    expect(result.ok && result.value.filter((outcome) => outcome.status === 'found').map((outcome) => outcome.key)).toEqual([block.key]);
  });

  it('splits a batch larger than maxKeysPerRequest into several requests', async () => {
    await start({}, { maxKeysPerRequest: 10 });
    const keys = Array.from({ length: 35 }, (_, i) => testKey(i));
    const result = await transport.read(server.endpoint('a'), keys, opts);
    expect(result.ok && result.value.map((outcome) => outcome.key)).toEqual(keys);
    expect(server.stats().readRequestsTotal).toBe(4);
  });

  it('refuses to send a block above maxBlockBytes, and rejects bad options by name', async () => {
    await start({}, { maxBlockBytes: 1024 });
    const result = await transport.write(server.endpoint('a'), [testBlock(1, 2048)], opts);
    expect(result.ok ? 'ok' : result.error.kind).toBe('invalid-request');
    expect(() => new TcpTransport({ sliceBytes: 10 })).toThrow(/sliceBytes/);
    expect(() => new TcpTransport({ connectionsPerEndpoint: 0 })).toThrow(/connectionsPerEndpoint/);
  });

  it('releases every block it served once the bytes are sent', async () => {
    await start();
    const blocks = Array.from({ length: 20 }, (_, i) => testBlock(i + 1, 256 * 1024));
    for (const block of blocks) store.put(block.key, block.bytes);
    expect((await transport.read(server.endpoint('a'), blocks.map((block) => block.key), opts)).ok).toBe(true);
    await waitFor('every served block to be released', () => store.unreleased === 0);
  });

  it.each([
    ['reuses the memory of released blocks for later reads', {}, { reused: 3, allocated: 1 }],
    ['allocates every block afresh with receivePoolBytes 0', { receivePoolBytes: 0 }, { reused: 0, allocated: 0 }],
  ])('%s', async (_, clientOptions: TcpTransportOptions, expected) => {
    await start({}, clientOptions);
    const blocks = Array.from({ length: 4 }, (_, i) => testBlock(i + 1, 2 * MiB));
    for (const block of blocks) store.put(block.key, block.bytes);
    for (const block of blocks) {
      const result = await transport.read(server.endpoint('a'), [block.key], opts);
      const outcome = result.ok ? result.value[0] : undefined;
      expect(outcome?.status === 'found' && Buffer.from(outcome.bytes).equals(block.bytes)).toBe(true);
      if (outcome?.status === 'found') outcome.release?.();
    }
    expect(transport.receivePoolStats()).toMatchObject(expected);
    expect(() => new TcpTransport({ receivePoolBytes: -1 })).toThrow(/receivePoolBytes/);
  });
});
