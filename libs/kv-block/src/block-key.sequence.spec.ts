import { blockHashOptions } from './block-hash-seed';
import { BlockKeyHasher } from './block-key.hasher';
import { BlockKeySequence, blockKeysFromWords } from './block-key.sequence';

const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'tiny-llama-d64', tenantSalt: '', blockSizeTokens: 16 }));
const tokens = Uint32Array.from({ length: 16 * 40 + 5 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0) % 50_000);

describe('BlockKeySequence', () => {
  const keys = hasher.keys(tokens);

  it('holds the same keys as the strings the hasher gives, and the same words', () => {
    const sequence = hasher.sequence(tokens);
    expect(sequence.length).toBe(40);
    expect(sequence.words).toEqual(hasher.keyWords(tokens));
    expect(sequence.keys).toEqual(keys);
  });

  it.each([
    [0, 40],
    [0, 0],
    [3, 17],
    [39, 40],
    [12, 12],
    [30, 55],
  ])('slices blocks %i to %i as the full key list slices, before and after the list is spelled', (from, to) => {
    const sequence = hasher.sequence(tokens);
    expect(sequence.slice(from, to)).toEqual(keys.slice(from, to));
    expect(sequence.keys).toEqual(keys);
    expect(sequence.slice(from, to)).toEqual(keys.slice(from, to));
  });

  it('spells the list once and hands back the same array after', () => {
    const sequence = new BlockKeySequence(hasher.keyWords(tokens));
    expect(sequence.keys).toBe(sequence.keys);
  });

  it('spells keys from words as the keys spell their values', () => {
    expect(blockKeysFromWords(Uint32Array.of(0, 1, 0xdeadbeef, 0x0badf00d))).toEqual(['0000000000000001', 'deadbeef0badf00d']);
    expect(blockKeysFromWords(new Uint32Array(0))).toEqual([]);
  });
});
