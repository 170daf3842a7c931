import { xxh3 } from '@node-rs/xxhash';
import { blockHashOptions, type BlockHashOptions, type HashNamespace } from './block-hash-seed';
import { type BlockKey } from './block-key';
import { BlockKeyHasher, blockKeys } from './block-key.hasher';

const shared: HashNamespace = { modelId: 'tiny-llama-d64', tenantSalt: '', blockSizeTokens: 16 };
const options = blockHashOptions(shared);

/** Seeded token ids spanning the whole u32 range, so byte order mistakes cannot hide in small values. */
function tokensOf(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  });
}

/** The scheme exactly as DESIGN.md states it, written for clarity rather than speed. */
function referenceKeys(tokens: readonly number[], { seed, blockSizeTokens }: BlockHashOptions): string[] {
  const keys: string[] = [];
  let previous = 0n;
  for (let start = 0; start + blockSizeTokens <= tokens.length; start += blockSizeTokens) {
    const block = Buffer.alloc(blockSizeTokens * 4);
    tokens.slice(start, start + blockSizeTokens).forEach((token, i) => block.writeUInt32LE(token, i * 4));
    const link = Buffer.alloc(16);
    link.writeBigUInt64LE(previous, 0);
    link.writeBigUInt64LE(xxh3.xxh64(block, seed), 8);
    previous = xxh3.xxh64(link, seed);
    keys.push(previous.toString(16).padStart(16, '0'));
  }
  return keys;
}

describe('BlockKeyHasher', () => {
  const hasher = new BlockKeyHasher(options);
  const sequence = tokensOf(8192);

  it.each([
    [0, 16],
    [15, 16],
    [16, 16],
    [17, 16],
    [8192, 16],
    [100, 1],
    [1100, 512],
  ])('computes the specified chain for %i tokens in blocks of %i', (count, blockSizeTokens) => {
    const blockOptions = { ...options, blockSizeTokens };
    const tokens = tokensOf(count, count);
    expect(blockKeys(tokens, blockOptions)).toEqual(referenceKeys(tokens, blockOptions));
  });

  it.each<[string, number[], BlockKey[]]>([
    ['ids 0..47', Array.from({ length: 48 }, (_, i) => i), ['44acf8c248a2a081', 'e042b2c9a9a96ca4', '5d46b08e475a9f69'] as BlockKey[]],
    ['the 32 bytes of "The quick brown fox jumps over!!"', [...Buffer.from('The quick brown fox jumps over!!')], ['6c43348e26cd4d95', 'e007777c32548369'] as BlockKey[]],
  ])('pins the keys of %s so any change of scheme fails here', (_name, tokens, expected) => {
    expect(hasher.keys(tokens)).toEqual(expected);
  });

  it('is deterministic and indifferent to the array type holding the tokens', () => {
    const keys = hasher.keys(sequence);
    expect(hasher.keys(sequence)).toEqual(keys);
    expect(new BlockKeyHasher(options).keys(Uint32Array.from(sequence))).toEqual(keys);
  });

  it.each([16, 17, 31, 160, 1000, 8191])('gives a %i-token prefix the first keys of the whole sequence', (length) => {
    const whole = hasher.keys(sequence);
    expect(hasher.keys(sequence.slice(0, length))).toEqual(whole.slice(0, Math.floor(length / 16)));
  });

  it.each([
    [15, 0],
    [16, 1],
    [31, 1],
    [32, 2],
    [8191, 511],
  ])('keys only full blocks: %i tokens give %i keys', (length, count) => {
    expect(hasher.keys(sequence.slice(0, length))).toHaveLength(count);
  });

  it.each<[string, BlockHashOptions]>([
    ['another tenant', blockHashOptions({ ...shared, tenantSalt: 'acme' })],
    ['another model', blockHashOptions({ ...shared, modelId: 'tiny-llama-d128' })],
    ['another block size', blockHashOptions({ ...shared, blockSizeTokens: 32 })],
    ['another raw seed with the same block size', { seed: options.seed ^ 1n, blockSizeTokens: 16 }],
  ])('gives the same tokens different keys under %s', (_name, other) => {
    const mine = hasher.keys(sequence.slice(0, 64));
    const theirs = new BlockKeyHasher(other).keys(sequence.slice(0, 64));
    expect(theirs.filter((key) => mine.includes(key))).toEqual([]);
  });

  it('gives an equal block a different key after a different prefix', () => {
    const block = tokensOf(16, 99);
    const [, afterA] = hasher.keys([...tokensOf(16, 1), ...block]);
    const [, afterB] = hasher.keys([...tokensOf(16, 2), ...block]);
    expect(afterA).not.toBe(afterB);
  });

  it.each([16, 160, 4096])('extends a chain after its first %i tokens exactly as hashing it whole would', (split) => {
    const head = hasher.keys(sequence.slice(0, split));
    const tail = hasher.keys(sequence.slice(split), head[head.length - 1]);
    expect([...head, ...tail]).toEqual(hasher.keys(sequence));
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('refuses token id %p', (token) => {
    expect(() => hasher.keys([...tokensOf(15), token])).toThrow(RangeError);
  });

  it.each<[string, BlockHashOptions]>([
    ['a negative seed', { seed: -1n, blockSizeTokens: 16 }],
    ['a seed beyond u64', { seed: 1n << 64n, blockSizeTokens: 16 }],
    ['a zero block size', { seed: 0n, blockSizeTokens: 0 }],
  ])('refuses %s', (_name, bad) => {
    expect(() => new BlockKeyHasher(bad)).toThrow(RangeError);
  });

  it('refuses to link token bytes that are not one block', () => {
    expect(() => hasher.link(0n, new Uint8Array(60))).toThrow(RangeError);
  });
});

describe('BlockKeyHasher across block sizes', () => {
  // 1–4 tokens and over 60 go block by block through the native hash; 5–60 through the kernel.
  it.each(Array.from({ length: 70 }, (_, i) => i + 1))('gives the specified chain in blocks of %i tokens, from any parent', (blockSizeTokens) => {
    const blockOptions = { seed: options.seed ^ BigInt(blockSizeTokens * 0x9e3779b1), blockSizeTokens };
    const tokens = tokensOf(blockSizeTokens * 9 + 3, blockSizeTokens);
    const hasher = new BlockKeyHasher(blockOptions);
    const keys = referenceKeys(tokens, blockOptions);
    expect(hasher.keys(tokens)).toEqual(keys);
    expect(hasher.keys(Uint32Array.from(tokens))).toEqual(keys);
    expect(hasher.keys(tokens.slice(blockSizeTokens * 4), keys[3] as BlockKey)).toEqual(keys.slice(4));
  });

  it('gives the keys as words, high then low, the values the strings spell', () => {
    const hasher = new BlockKeyHasher(options);
    const words = hasher.keyWords(Uint32Array.from(sequence8k()));
    const keys = hasher.keys(sequence8k());
    expect(words).toHaveLength(2 * keys.length);
    expect(keys.map((_, i) => (BigInt(words[2 * i]!) << 32n) | BigInt(words[2 * i + 1]!))).toEqual(keys.map((key) => BigInt(`0x${key}`)));
  });

  it('hashes a prompt longer than one kernel call holds', () => {
    const tokens = tokensOf(300_000, 7);
    const keys = new BlockKeyHasher(options).keys(Uint32Array.from(tokens));
    expect(keys).toEqual(referenceKeys(tokens, options));
  });
});

function sequence8k(): number[] {
  return tokensOf(8192);
}
