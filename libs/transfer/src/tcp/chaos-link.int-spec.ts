import { expectOk } from '@tsukimi/result';
import { type Endpoint } from '../endpoint';
import { MemoryBlockStore } from '../memory-block.store';
import { ObservedTransport } from '../observed/observed.transport';
import { type TransferFailed, TransferObservers } from '../observed/transfer-observer.port';
import { readFromReplicas } from '../replica.reader';
import { ChaosProxy, type ChaosFault } from '../testing/chaos.proxy';
import { testBlock } from '../testing/test-blocks';
import { TcpTransferServer } from './server/tcp-transfer.server';
import { TcpTransport } from './tcp.transport';

const BLOCK_PAYLOAD_BYTES = 64 * 1024;
const blocks = Array.from({ length: 6 }, (_, i) => testBlock(40 + i, BLOCK_PAYLOAD_BYTES));
const keys = blocks.map((block) => block.key);
/** The server's HELLO, then each block's ITEM and DATA header (one slice each) before its bytes. */
const secondBlockStart = 15 + 18 + 17 + blocks[0]!.bytes.length + 18 + 17;

describe('tcp transport over a link that resets, truncates or stalls', () => {
  const servers: TcpTransferServer[] = [];
  let proxy: ChaosProxy;
  let flaky: Endpoint;
  let sound: Endpoint;

  async function serve(nodeId: string): Promise<Endpoint> {
    const store = new MemoryBlockStore();
    for (const block of blocks) store.writeBlock(block.key, block.bytes);
    const server = expectOk(await TcpTransferServer.listen({ store, port: 0 }), 'listen');
    servers.push(server);
    return { nodeId, host: '127.0.0.1', port: server.port };
  }

  beforeAll(async () => {
    const behind = await serve('flaky');
    sound = await serve('sound');
    proxy = await ChaosProxy.start(behind.port);
    flaky = { nodeId: 'flaky', host: '127.0.0.1', port: proxy.port };
  });
  afterAll(async () => {
    await proxy.close();
    await Promise.all(servers.map((server) => server.abort()));
  });

  /** Runs `use` with a transport that records each failed batch, as the instances' transfer metrics count them. */
  async function withObservedTransport(use: (transport: ObservedTransport, failures: readonly TransferFailed[]) => Promise<void>): Promise<void> {
    const failures: TransferFailed[] = [];
    const observers = new TransferObservers();
    observers.attach({ onTransfer: () => undefined, onTransferFailed: (failed) => failures.push(failed) });
    const transport = new ObservedTransport(new TcpTransport({ connectionsPerEndpoint: 1 }), observers);
    try {
      await use(transport, failures);
    } finally {
      await transport.close();
    }
  }

  it.each<[string, string, ChaosFault]>([
    ['reset before the first byte', 'connection-lost', { kind: 'reset', afterBytes: 0 }],
    ['reset inside the first block', 'connection-lost', { kind: 'reset', afterBytes: 30_000 }],
    ['reset between frame headers of the second block', 'connection-lost', { kind: 'reset', afterBytes: secondBlockStart - 20 }],
    ['truncated inside the first block', 'connection-lost', { kind: 'truncate', afterBytes: 30_000 }],
    ['truncated inside the second block', 'connection-lost', { kind: 'truncate', afterBytes: secondBlockStart + 1000 }],
    ['truncated inside a frame header', 'connection-lost', { kind: 'truncate', afterBytes: 15 + 5 }],
  ])('%s: detected, counted as %s, and every block read byte for byte from the other replica', async (_name, kind, fault) => {
    proxy.setFault(fault);
    const faultedBefore = proxy.faultedConnections;
    await withObservedTransport(async (transport, failures) => {
        const outcomes = await readFromReplicas(transport, [flaky, sound], keys, { timeoutMs: 20_000 });
        expect(outcomes.map((outcome) => outcome.status === 'found' && outcome.servedBy.nodeId)).toEqual(keys.map(() => 'sound'));
        expect(outcomes.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toBe(true);
        expect(outcomes.map((outcome) => outcome.attempts.map((attempt) => (attempt.outcome === 'error' ? attempt.error.kind : attempt.outcome)))).toEqual(keys.map(() => [kind]));
        expect(failures).toEqual([{ direction: 'received', reason: kind, blocks: keys.length }]);
        expect(proxy.faultedConnections).toBe(faultedBefore + 1);
    });
  });

  it('with one replica only, a reset is a miss for every key (the caller recomputes) and the next read on a sound link succeeds', async () => {
    proxy.setFault({ kind: 'reset', afterBytes: 30_000 });
    await withObservedTransport(async (transport, failures) => {
        const outcomes = await readFromReplicas(transport, [flaky], keys, { timeoutMs: 20_000 });
        expect(outcomes.map((outcome) => outcome.status)).toEqual(keys.map(() => 'missing'));
        proxy.setFault({ kind: 'none' });
        const again = await readFromReplicas(transport, [flaky], keys, { timeoutMs: 20_000 });
        expect(again.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toBe(true);
        expect(failures).toEqual([{ direction: 'received', reason: 'connection-lost', blocks: keys.length }]);
    });
  });

  it('a link that holds every chunk past the deadline is a timeout, counted, and the other replica serves', async () => {
    proxy.setFault({ kind: 'latency', latencyMs: 60_000 });
    await withObservedTransport(async (transport, failures) => {
        const outcomes = await readFromReplicas(transport, [flaky, sound], keys, { timeoutMs: 3_000 });
        expect(outcomes.every((outcome, i) => outcome.status === 'found' && outcome.servedBy.nodeId === 'sound' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toBe(true);
        expect(failures).toEqual([{ direction: 'received', reason: 'timeout', blocks: keys.length }]);
    });
  });

  it('a slow link delivers the same bytes', async () => {
    proxy.setFault({ kind: 'latency', latencyMs: 20 });
    await withObservedTransport(async (transport, failures) => {
        const outcomes = await readFromReplicas(transport, [flaky], keys, { timeoutMs: 20_000 });
        expect(outcomes.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toBe(true);
        expect(failures).toEqual([]);
    });
  });

  // The timeout is on time without progress: a read or write that keeps moving on a slow link runs
  // to its end, though that takes several times its timeout in all.
  it('a slow link that keeps moving is no timeout: a read of 384 KiB at 512 KiB/s with a 250 ms timeout', async () => {
    proxy.setFault({ kind: 'throttle', bytesPerSecond: 512 * 1024 });
    await withObservedTransport(async (transport, failures) => {
        const startedMs = Date.now();
        const outcomes = await readFromReplicas(transport, [flaky], keys, { timeoutMs: 250 });
        expect(Date.now() - startedMs).toBeGreaterThan(2 * 250);
        expect(outcomes.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(blocks[i]!.bytes))).toBe(true);
        expect(failures).toEqual([]);
    });
  });

  it('a slow link that keeps moving is no timeout: a write of 9 MiB at 4 MiB/s with a 2 s timeout', async () => {
    proxy.setFault({ kind: 'throttle', bytesPerSecond: 4 * 1024 * 1024 });
    const large = Array.from({ length: 3 }, (_, i) => testBlock(60 + i, 3 * 1024 * 1024));
    await withObservedTransport(async (transport, failures) => {
        const startedMs = Date.now();
        const written = await transport.write(flaky, large, { timeoutMs: 2_000 });
        expect(Date.now() - startedMs).toBeGreaterThan(2_000);
        expect(written.ok ? written.value.map((outcome) => outcome.status) : written.error.kind).toEqual(['stored', 'stored', 'stored']);
        expect(failures).toEqual([]);
    });
    proxy.setFault({ kind: 'none' });
    await withObservedTransport(async (transport) => {
        const outcomes = await readFromReplicas(transport, [flaky], large.map((block) => block.key), { timeoutMs: 20_000 });
        expect(outcomes.every((outcome, i) => outcome.status === 'found' && Buffer.from(outcome.bytes).equals(large[i]!.bytes))).toBe(true);
    });
  });
});
