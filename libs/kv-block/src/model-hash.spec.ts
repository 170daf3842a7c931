import { hashModelBytes } from './model-hash';

describe('hashModelBytes', () => {
  it.each([
    // XXH3-64 reference vector for empty input with seed 0, pinning the hash library itself.
    ['empty', new Uint8Array(0), '2d06800538d394c2'],
    ['"tsukimi"', new TextEncoder().encode('tsukimi'), '270de638fe1e8114'],
  ])('hashes %s to a fixed value', (_name, bytes, expected) => {
    expect(hashModelBytes(bytes)).toBe(expected);
  });

  it('differs when one byte differs', () => {
    const a = new Uint8Array(4096).fill(7);
    const b = a.slice();
    b[4095] = 8;
    expect(hashModelBytes(a)).not.toBe(hashModelBytes(b));
  });

  it('hashes only the bytes of a view, not its whole backing buffer', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(hashModelBytes(backing.subarray(2, 5))).toBe(hashModelBytes(new Uint8Array([1, 2, 3])));
  });
});
