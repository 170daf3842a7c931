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

  it('counts protections once, then again only after a write or when a counted lease runs out', async () => {
    const { master, clock, calls } = await countedMaster(20, 1_000_000);
    const scans = () => calls.get('scanEntries') ?? 0;
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
    const first = scans();
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
    expect(scans()).toBe(first);

    await master.get([keyOf(1)]);
    expect(await master.protections()).toEqual({ leased: 1, softPinned: 0, hardPinned: 0 });
    const afterWrite = scans();
    expect(afterWrite).toBeGreaterThan(first);
    clock.advanceMs(999);
    expect(await master.protections()).toEqual({ leased: 1, softPinned: 0, hardPinned: 0 });
    expect(scans()).toBe(afterWrite);
    clock.advanceMs(1);
    expect(await master.protections()).toEqual({ leased: 0, softPinned: 0, hardPinned: 0 });
    expect(scans()).toBeGreaterThan(afterWrite);
  });

  it('counts again after forgetting, as a master that regains leadership must', async () => {
    const { master, calls } = await countedMaster(5, 1_000_000);
    await master.protections();
    const counted = calls.get('scanEntries') ?? 0;
    master.forgetProtections();
    await master.protections();
    expect(calls.get('scanEntries')).toBeGreaterThan(counted);
  });
});
