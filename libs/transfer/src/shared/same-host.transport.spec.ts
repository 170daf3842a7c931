import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBlockStore } from '../memory-block.store';
import { deadLoopbackEndpoint } from '../testing/loopback';
import { sameHostHarness, THIS_HOST } from '../testing/shared-segment.harness';
import { testBlock } from '../testing/test-blocks';
import { type BlockToWrite } from '../transport.port';
import { runTransportContract, type TransportHarness } from '../transport.contract';
import { SameHostTransport } from './same-host.transport';
import { SharedSegment } from './shared-segment';

runTransportContract('same-host over tcp', sameHostHarness);

const KiB = 1024;
const MiB = 1024 * KiB;
const opts = { timeoutMs: 10_000 };

/** Ways a node's shared file of a block can go wrong under a reader. */
const damages = [
  { name: 'withdrawn', damage: (segment: SharedSegment, block: BlockToWrite) => segment.withdraw(block.key) },
  { name: 'truncated', damage: (segment: SharedSegment, block: BlockToWrite) => writeFileSync(join(segment.dir, `${block.key}.blk`), block.bytes.subarray(0, block.bytes.length - 1)) },
  { name: "another key's block", damage: (segment: SharedSegment, block: BlockToWrite) => writeFileSync(join(segment.dir, `${block.key}.blk`), testBlock(99, MiB).bytes) },
  { name: 'not a block', damage: (segment: SharedSegment, block: BlockToWrite) => writeFileSync(join(segment.dir, `${block.key}.blk`), Buffer.alloc(100, 7)) },
  { name: 'too short for a header', damage: (segment: SharedSegment, block: BlockToWrite) => writeFileSync(join(segment.dir, `${block.key}.blk`), Buffer.alloc(3)) },
];

/** Files under `dir` this process has open, by their descriptors in /proc (a descriptor of a removed file reads "… (deleted)"). */
function openFilesUnder(dir: string): string[] {
  const targets = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  });
  return targets.filter((target) => target.startsWith(`${dir}/`));
}

describe('SameHostTransport', () => {
  let harness: TransportHarness & { readonly transport: SameHostTransport };
  beforeEach(async () => {
    harness = await sameHostHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  /** A node holding `blocks` in memory, all of them published to its segment. */
  async function nodeWith(blocks: readonly BlockToWrite[]) {
    const store = new MemoryBlockStore();
    const endpoint = await harness.startNode(store);
    expect(await harness.transport.write(endpoint, blocks, opts)).toMatchObject({ ok: true });
    return { store, endpoint, segment: new SharedSegment(endpoint.sharedSegment?.dir ?? '') };
  }

  const same = (outcome: { status: string; bytes?: Uint8Array } | undefined, block: BlockToWrite | undefined): boolean =>
    outcome?.status === 'found' && outcome.bytes !== undefined && Buffer.from(outcome.bytes).equals(block?.bytes ?? new Uint8Array());

  it('reads a node on this host from its segment alone, with no socket to the node', async () => {
    const blocks = [testBlock(1, 4 * KiB), testBlock(2, MiB), testBlock(3, 16 * MiB)];
    const { endpoint } = await nodeWith(blocks);
    const unreachable = { ...(await deadLoopbackEndpoint(endpoint.nodeId)), sharedSegment: endpoint.sharedSegment };
    const result = await harness.transport.read(unreachable, [...blocks].reverse().map((block) => block.key), opts);
    expect(result.ok && result.value.map((outcome, i) => same(outcome, [...blocks].reverse()[i]))).toEqual([true, true, true]);
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 3, blocksFallenBack: 0 });
  });

  it('reads a node that advertises a segment on another host over tcp', async () => {
    const blocks = [testBlock(1, 64 * KiB), testBlock(2, MiB)];
    const { endpoint } = await nodeWith(blocks);
    const elsewhere = { ...endpoint, sharedSegment: { hostId: `not-${THIS_HOST}`, dir: endpoint.sharedSegment?.dir ?? '' } };
    const result = await harness.transport.read(elsewhere, blocks.map((block) => block.key), opts);
    expect(result.ok && result.value.map((outcome, i) => same(outcome, blocks[i]))).toEqual([true, true]);
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 0, blocksFallenBack: 0 });
  });

  it.each(damages)('reads a block whose shared file is $name from the node over tcp, the others from the segment, in key order', async ({ damage }) => {
    const blocks = [testBlock(1, MiB), testBlock(2, MiB), testBlock(3, 64 * KiB)];
    const { endpoint, segment } = await nodeWith(blocks);
    damage(segment, blocks[1] as BlockToWrite);
    const result = await harness.transport.read(endpoint, blocks.map((block) => block.key), opts);
    expect(result.ok && result.value.map((outcome, i) => same(outcome, blocks[i]))).toEqual([true, true, true]);
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 2, blocksFallenBack: 1 });
  });

  it('fails the whole read when the segment lacks a block and the node cannot be reached', async () => {
    const blocks = [testBlock(1, MiB), testBlock(2, MiB)];
    const { endpoint, segment } = await nodeWith(blocks);
    segment.withdraw((blocks[1] as BlockToWrite).key);
    const unreachable = { ...(await deadLoopbackEndpoint(endpoint.nodeId)), sharedSegment: endpoint.sharedSegment };
    const result = await harness.transport.read(unreachable, blocks.map((block) => block.key), opts);
    expect(result.ok ? 'ok' : result.error.kind).toBe('connection-refused');
  });

  it('keeps the files of short blocks open between reads, not those of long ones, and closes them with the transport', async () => {
    const blocks = [testBlock(1, 4 * KiB), testBlock(2, 64 * KiB), testBlock(3, MiB)];
    const { endpoint, segment } = await nodeWith(blocks);
    for (let round = 0; round < 2; round++) {
      const result = await harness.transport.read(endpoint, blocks.map((block) => block.key), opts);
      expect(result.ok && result.value.map((outcome, i) => same(outcome, blocks[i]))).toEqual([true, true, true]);
    }
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 6, blocksFallenBack: 0 });
    expect(openFilesUnder(segment.dir).sort()).toEqual([blocks[0], blocks[1]].map((block) => join(segment.dir, `${block?.key}.blk`)).sort());
    await harness.transport.close();
    expect(openFilesUnder(segment.dir)).toEqual([]);
  });

  it('reads a short block published again after a read through its kept file from the new file, and lets the old one go', async () => {
    const block = testBlock(1, 8 * KiB);
    const { endpoint, segment } = await nodeWith([block]);
    await harness.transport.read(endpoint, [block.key], opts);
    segment.publish(block.key, block.bytes);
    const result = await harness.transport.read(endpoint, [block.key], opts);
    expect(result.ok && same(result.value[0], block)).toBe(true);
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 2, blocksFallenBack: 0 });
    expect(openFilesUnder(segment.dir)).toEqual([join(segment.dir, `${block.key}.blk`)]);
  });

  it.each(damages)('reads a short block whose kept file was then $name from the node over tcp, the others from the segment', async ({ damage }) => {
    const blocks = [testBlock(1, 4 * KiB), testBlock(2, 8 * KiB), testBlock(3, 64 * KiB)];
    const { endpoint, segment } = await nodeWith(blocks);
    const keys = blocks.map((block) => block.key);
    await harness.transport.read(endpoint, keys, opts);
    damage(segment, blocks[1] as BlockToWrite);
    const result = await harness.transport.read(endpoint, keys, opts);
    expect(result.ok && result.value.map((outcome, i) => same(outcome, blocks[i]))).toEqual([true, true, true]);
    expect(harness.transport.stats()).toEqual({ blocksFromSegment: 5, blocksFallenBack: 1 });
  });

  it.each([{ maxFiles: -1, maxBytes: 0 }, { maxFiles: 4, maxBytes: 1.5 }])('refuses keepOpen $maxFiles files, $maxBytes bytes, naming the key', (keepOpen) => {
    const build = () => new SameHostTransport({ hostId: THIS_HOST, fallback: harness.transport, keepOpen });
    expect(build).toThrow(/keepOpen\.max(Files|Bytes) must be a non-negative integer/);
  });
});
