import { ManualClock, systemClock } from '@tsukimi/telemetry';
import { type NodeId } from '../common/node-id';
import { seededRandom } from '../common/random';
import { type MetadataStore } from './metadata-store.port';
import { MemoryMetadataStore } from './memory-metadata.store';
import { runMetadataStoreContract } from './metadata-store.contract';
import { TimedMetadataStore } from './timed-metadata.store';

runMetadataStoreContract('timed memory', async ({ eventRetention }) => ({
  store: new TimedMetadataStore(new MemoryMetadataStore({ eventRetention, random: seededRandom(1) }), () => undefined, systemClock),
}));

describe('TimedMetadataStore', () => {
  it('tells the timer each operation by name with its duration, a scan once per page', async () => {
    const clock = new ManualClock();
    const inner = new MemoryMetadataStore({ random: seededRandom(1) });
    // The wrapped store takes 2 ms of the manual clock per call.
    const slow = new Proxy(inner, {
      get: (target, name, receiver) => {
        const member: unknown = Reflect.get(target, name, receiver);
        if (typeof member !== 'function' || name === 'scanEntries') return member;
        return (...args: unknown[]) => {
          clock.advanceMs(2);
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as MetadataStore;
    const timings: [string, number][] = [];
    const store = new TimedMetadataStore(slow, (operation, seconds) => timings.push([operation, seconds]), clock);

    await store.listNodes();
    await store.usedBytes('a' as NodeId);
    const pages = [];
    for await (const page of store.scanEntries()) pages.push(page);
    expect(timings).toEqual([
      ['listNodes', 0.002],
      ['usedBytes', 0.002],
      ['scanEntries', 0],
    ]);
    expect(pages).toEqual([]);
  });

  it('times an operation that fails too', async () => {
    const clock = new ManualClock();
    const failing = { listNodes: () => Promise.reject(new Error('down')) } as unknown as MetadataStore;
    const timings: string[] = [];
    await expect(new TimedMetadataStore(failing, (operation) => timings.push(operation), clock).listNodes()).rejects.toThrow('down');
    expect(timings).toEqual(['listNodes']);
  });
});
