import { ManualClock } from '@tsukimi/telemetry';
import { seededRandom } from '../common/random';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { TimedMetadataStore } from '../metadata/timed-metadata.store';
import { keyOf } from '../testing/block.fixture';
import { nodeId } from '../testing/master.fixture';
import { StoreMaster } from './store.master';

/** A master whose every metadata call is counted by operation, over `blocks` 10-byte blocks on one node. */
async function countedMaster(blocks: number, dramBytes: number) {
  const clock = new ManualClock();
  const calls = new Map<string, number>();
  const store = new TimedMetadataStore(new MemoryMetadataStore({ random: seededRandom(1) }), (operation) => calls.set(operation, (calls.get(operation) ?? 0) + 1), clock);
  const master = new StoreMaster({ store, clock, random: seededRandom(1), options: { leaseTtlMs: 1_000, nodeTimeoutMs: 3_600_000 } });
  await master.heartbeat(nodeId('a'), { capacityBytes: { dram: dramBytes } });
  for (let n = 1; n <= blocks; n += 1) {
    await master.putStart(keyOf(n), 10);
    await master.putEnd(keyOf(n));
  }
  const reads = () => (calls.get('entriesOnNode') ?? 0) + (calls.get('scanEntries') ?? 0) + (calls.get('getEntries') ?? 0);
  calls.clear();
  return { master, clock, calls, reads };
}

describe('an idle master', () => {
  it.each([10, 200])('reads no entry in maintenance passes while every tier is under its watermark (%i blocks)', async (blocks) => {
    const { master, reads } = await countedMaster(blocks, 1_000_000);
    for (let pass = 0; pass < 3; pass += 1) expect((await master.tick()).commands).toEqual([]);
    expect(reads()).toBe(0);
  });

  it('still reads the entries of a tier over its watermark, and evicts', async () => {
    const { master, calls } = await countedMaster(95, 1_000);
    expect((await master.tick()).commands.length).toBeGreaterThan(0);
    expect(calls.get('entriesOnNode')).toBe(1);
  });

  it('reads every entry for the first census only, then keeps it from its own writes and the clock', async () => {
    const { master, clock, calls } = await countedMaster(20, 1_000_000);
    const scans = () => calls.get('scanEntries') ?? 0;
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
    const first = scans();
    expect(first).toBeGreaterThan(0);

    await master.get([keyOf(1), keyOf(2)]);
    await master.softPin(keyOf(2), 5_000);
    await master.hardPin(keyOf(3));
    await master.putStart(keyOf(21), 10);
    await master.putEnd(keyOf(21));
    expect(await master.protections()).toEqual({ leased: 2, softPinned: 1, hardPinned: 1 });
    clock.advanceMs(999);
    expect(await master.protections()).toEqual({ leased: 2, softPinned: 1, hardPinned: 1 });
    clock.advanceMs(1);
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 1, hardPinned: 1 });
    await master.unpin(keyOf(3), 'hard');
    await master.remove(keyOf(2));
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
    expect(scans()).toBe(first);
  });

  it('counts a write committed while the first census reads, to an entry it had already read', async () => {
    const clock = new ManualClock();
    const inner = new MemoryMetadataStore({ random: seededRandom(1) });
    let reached!: () => void;
    const paused = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Every entry its own page, and the scan held after the first until the test lets it go on.
    const store = Object.assign(Object.create(inner) as MemoryMetadataStore, {
      async *scanEntries() {
        let first = true;
        for await (const page of inner.scanEntries()) {
          for (const entry of page) {
            yield [entry];
            if (first) reached();
            if (first) await gate;
            first = false;
          }
        }
      },
    });
    const master = new StoreMaster({ store, clock, random: seededRandom(1), options: { nodeTimeoutMs: 3_600_000 } });
    await master.heartbeat(nodeId('a'), { capacityBytes: { dram: 1_000 } });
    for (const n of [1, 2, 3]) {
      await master.putStart(keyOf(n), 10);
      await master.putEnd(keyOf(n));
    }
    const census = master.protections();
    await paused;
    await master.hardPin(keyOf(1));
    release();
    expect(await census).toEqual({ leased: 0, softPinned: 0, hardPinned: 1 });
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 1 });
  });

  it('counts again after forgetting, as a master that regains leadership must', async () => {
    const { master, calls } = await countedMaster(5, 1_000_000);
    await master.protections();
    const counted = calls.get('scanEntries') ?? 0;
    master.forgetKept();
    await master.protections();
    expect(calls.get('scanEntries')).toBeGreaterThan(counted);
  });
});
