import { expectOk } from '@tsukimi/result';
import { LocalNodeRegistry } from '../local/local-node.registry';
import { LocalTransport } from '../local/local.transport';
import { MemoryBlockStore } from '../memory-block.store';
import { localHarness } from '../testing/local.harness';
import { testBlock } from '../testing/test-blocks';
import { runTransportContract } from '../transport.contract';
import { ObservedTransport } from './observed.transport';
import { type TransferDone, type TransferFailed, TransferObservers } from './transfer-observer.port';

runTransportContract('observed local', () => localHarness((transport) => new ObservedTransport(transport, new TransferObservers())));

describe('ObservedTransport', () => {
  const options = { timeoutMs: 5_000 };

  function observed(capacityBytes?: number) {
    const registry = new LocalNodeRegistry();
    const store = new MemoryBlockStore(capacityBytes === undefined ? {} : { capacityBytes });
    expectOk(registry.register('n', store), 'register');
    const done: TransferDone[] = [];
    const failed: TransferFailed[] = [];
    const observers = new TransferObservers();
    observers.attach({ onTransfer: (d) => done.push(d), onTransferFailed: (f) => failed.push(f) });
    let nowMs = 0;
    const transport = new ObservedTransport(new LocalTransport(registry), observers, () => (nowMs += 250));
    return { transport, endpoint: { nodeId: 'n', host: 'in-process', port: 0 }, done, failed, observers };
  }

  it('reports the bytes and blocks a write stored and a read found, with the time each took', async () => {
    const { transport, endpoint, done, failed } = observed();
    const [a, b] = [testBlock(1, 1024), testBlock(2, 3072)];
    await transport.write(endpoint, [a, b], options);
    await transport.read(endpoint, [a.key, testBlock(3, 1024).key, b.key], options);
    expect(done).toEqual([
      { direction: 'sent', bytes: a.bytes.length + b.bytes.length, blocks: 2, seconds: 0.25 },
      { direction: 'received', bytes: a.bytes.length + b.bytes.length, blocks: 2, seconds: 0.25 },
    ]);
    expect(failed).toEqual([]);
    await transport.close();
  });

  it('reports a refused block by its reason and a failed batch by its error kind', async () => {
    const { transport, endpoint, failed } = observed(1500);
    await transport.write(endpoint, [testBlock(1, 1024), testBlock(2, 1024)], options);
    await transport.read({ nodeId: 'gone', host: 'in-process', port: 0 }, [testBlock(1, 1024).key], options);
    expect(failed).toEqual([
      { direction: 'sent', reason: 'no-space', blocks: 1 },
      { direction: 'received', reason: 'connection-refused', blocks: 1 },
    ]);
    await transport.close();
  });

  it('tells no listener once it detached', async () => {
    const { transport, endpoint, done, observers } = observed();
    const more: TransferDone[] = [];
    const detach = observers.attach({ onTransfer: (d) => more.push(d), onTransferFailed: () => undefined });
    detach();
    await transport.write(endpoint, [testBlock(1, 1024)], options);
    expect(done).toHaveLength(1);
    expect(more).toEqual([]);
    await transport.close();
  });
});
