import { xxh3 } from '@node-rs/xxhash';
import { seededRandom } from '../../common/random';
import { Xxh3Hasher } from './xxh3.hasher';

function bytesOf(length: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
}

describe('Xxh3Hasher', () => {
  // Every input from 241 bytes on takes the WebAssembly path here, so each length class of the long hash is checked.
  const hasher = Xxh3Hasher.create({ nativeBelowBytes: 241 });
  const seeds = [0n, 1n, 0x7e57n, 0x8000_0000_0000_0001n, 0xffff_ffff_ffff_ffffn];

  it('runs the long path in WebAssembly SIMD on this Node', () => {
    expect(hasher.accelerated).toBe(true);
  });

  it.each([
    // Short inputs (the hasher hands them on), the first long ones, stripe and block edges, window edges.
    0, 1, 17, 240, 241, 255, 256, 257, 1023, 1024, 1025, 1087, 1088, 1089, 2047, 2048, 2049, 4096, 65_536, 262_143, 262_144, 262_145, 300_001, 1_048_624,
  ])('matches @node-rs/xxhash on %i bytes for every seed', (length) => {
    const bytes = bytesOf(length, length);
    for (const seed of seeds) expect(hasher.hash64(bytes, seed)).toBe(xxh3.xxh64(bytes, seed));
  });

  it('matches @node-rs/xxhash on views that do not start at their buffer’s start', () => {
    const backing = bytesOf(70_000, 3);
    for (const [start, end] of [
      [1, 5_000],
      [13, 69_999],
      [4_096, 8_193],
    ] as const) {
      const view = backing.subarray(start, end);
      expect(hasher.hash64(view, 99n)).toBe(xxh3.xxh64(view, 99n));
    }
  });

  it.each([241, 1023, 1024, 1025, 1088, 65_536, 300_001])('hashes %i bytes lying in its in-place region where they lie, as @node-rs/xxhash does', (length) => {
    const inPlace = Xxh3Hasher.create({ nativeBelowBytes: 241, inPlaceBytes: 512 * 1024 });
    expect(inPlace.inPlaceRegion.length).toBeGreaterThanOrEqual(512 * 1024);
    const bytes = bytesOf(length, length);
    for (const at of [0, 13, 4096 + 7]) {
      const lying = inPlace.inPlaceRegion.subarray(at, at + length);
      lying.set(bytes);
      for (const seed of seeds) expect(inPlace.hash64(lying, seed)).toBe(xxh3.xxh64(bytes, seed));
      expect(Buffer.from(lying).equals(bytes)).toBe(true);
    }
  });

  it.each([-1, 0.5])('refuses inPlaceBytes %p', (inPlaceBytes) => {
    expect(() => Xxh3Hasher.create({ inPlaceBytes })).toThrow(/inPlaceBytes/);
  });

  it('matches on 200 random lengths and seeds', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const length = 241 + Math.floor(random.next() * 20_000);
      const seed = BigInt(Math.floor(random.next() * 2 ** 32)) * 0x1_0000_0001n;
      const bytes = bytesOf(length, i);
      expect(hasher.hash64(bytes, seed)).toBe(xxh3.xxh64(bytes, seed));
    }
  });

  it('gives one hasher’s answers independently of the inputs hashed before', () => {
    const a = bytesOf(50_000, 1);
    const first = hasher.hash64(a, 5n);
    hasher.hash64(bytesOf(300_000, 2), 6n);
    expect(hasher.hash64(a, 5n)).toBe(first);
  });
});
