import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type BlockKey } from '@tsukimi/kv-block';
import { seededRandom } from '../../common/random';
import { encodedBlock, keyOf } from '../../testing/block.fixture';
import { acceleratedBlockVerifier } from '../checksum/accelerated-block.verifier';
import { Xxh3Hasher } from '../checksum/xxh3.hasher';
import { blockPath, shardDir } from './ssd.layout';
import { type SsdScanMode } from './ssd.scan';
import { SsdTier } from './ssd.tier';

/** Fixed so that a failure reproduces: the suite prints it in its name. */
const SEED = 20261206;
/** The tier's default verifier, built once: each build compiles its WebAssembly. */
const verify = acceleratedBlockVerifier(Xxh3Hasher.create());

/** Damage a disk, a crash or another writer could do to a block file, given its bytes and another block's. */
type Damage = (bytes: Buffer, other: Buffer) => Buffer;

const damage: fc.Arbitrary<[string, Damage]> = fc.oneof(
  fc.nat().map((n): [string, Damage] => [`truncated at ${n}`, (bytes) => bytes.subarray(0, n % bytes.length)]),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail): [string, Damage] => [`${tail.length} bytes appended`, (bytes) => Buffer.concat([bytes, tail])]),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits): [string, Damage] => [
    `bytes changed at ${edits.map(([at]) => at).join(',')}`,
    (bytes) => {
      const copy = Buffer.from(bytes);
      for (const [at, xor] of edits) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor;
      return copy;
    },
  ]),
  fc.uint8Array({ maxLength: 256 }).map((noise): [string, Damage] => [`${noise.length} bytes of noise`, () => Buffer.from(noise)]),
  fc.constant<[string, Damage]>(['another block\'s bytes', (_, other) => other]),
  fc.nat().map((n): [string, Damage] => [`another block's header over this payload (cut at ${n})`, (bytes, other) => Buffer.concat([other.subarray(0, n % other.length), bytes.subarray(n % other.length)])]),
);

/** A read is either the very block written or a miss the caller recomputes; anything else is a wrong block or a crash. */
async function expectBlockOrMiss(tier: SsdTier, key: BlockKey, written: Uint8Array): Promise<void> {
  const read = await tier.get(key);
  if (read.ok) expect(Buffer.from(read.value).equals(written)).toBe(true);
  else expect(['corrupt', 'absent']).toContain(read.error.kind);
}

describe(`SsdTier reading damaged block files (fast-check seed ${SEED})`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'tsukimi-ssd-fuzz-'));
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('answers the block written or a typed miss, on the open tier and after a reopen scans the damage, and never twice a damaged block', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(damage, fc.constantFrom<SsdScanMode>('header', 'full'), fc.integer({ min: 1, max: 8 }), async ([, harm], scan, blockSizeTokens) => {
        const runDir = join(dir, String((run += 1)));
        const tier = await SsdTier.open({ dir: runDir, capacityBytes: 1 << 20, verify, random: seededRandom(run) });
        const [key, otherKey] = [keyOf(0x1000 + run), keyOf(0x2000 + run)];
        const written = encodedBlock(key, blockSizeTokens);
        expect(await tier.put(key, written)).toEqual({ ok: true, value: 'stored' });
        const damaged = harm(Buffer.from(written), Buffer.from(encodedBlock(otherKey, blockSizeTokens)));
        await fsp.writeFile(blockPath(runDir, key), damaged);

        await expectBlockOrMiss(tier, key, written);
        const reopened = await SsdTier.open({ dir: runDir, capacityBytes: 1 << 20, scan, verify, random: seededRandom(run) });
        await expectBlockOrMiss(reopened, key, written);
        if (!damaged.equals(written)) {
          expect((await tier.get(key)).ok).toBe(false);
          expect((await reopened.get(key)).ok).toBe(false);
        }
        await fsp.rm(runDir, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);

  it.each<SsdScanMode>(['header', 'full'])('opens (%s scan) over a directory where a block file should be: left alone, not served, the blocks beside it are', async (scan) => {
    const runDir = join(dir, `directory-${scan}`);
    const [hollow, sound] = [keyOf(0x3001), keyOf(0x3002)];
    const first = await SsdTier.open({ dir: runDir, capacityBytes: 1 << 20, verify, random: seededRandom(1) });
    await first.put(sound, encodedBlock(sound));
    await fsp.mkdir(shardDir(runDir, hollow), { recursive: true });
    await fsp.mkdir(blockPath(runDir, hollow));
    const tier = await SsdTier.open({ dir: runDir, capacityBytes: 1 << 20, scan, verify, random: seededRandom(2) });
    expect(tier.scanReport).toEqual({ registered: 1, corruptDeleted: 0, partialDeleted: 0, foreignSkipped: 1 });
    expect(await tier.get(hollow)).toEqual({ ok: false, error: { kind: 'absent' } });
    await expectBlockOrMiss(tier, sound, encodedBlock(sound));
    expect((await tier.get(sound)).ok).toBe(true);
  });
});
