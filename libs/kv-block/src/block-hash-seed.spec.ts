import { xxh3 } from '@node-rs/xxhash';
import { blockHashOptions, deriveHashSeed, type HashNamespace } from './block-hash-seed';

const base: HashNamespace = { modelId: 'tiny-llama-d64', tenantSalt: '', blockSizeTokens: 16 };

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

describe('deriveHashSeed', () => {
  it('hashes the tagged, versioned, length-prefixed encoding with seed 0', () => {
    const encoding = Buffer.concat([
      Buffer.from('TSKS', 'latin1'),
      u32(1),
      u32(14),
      Buffer.from('tiny-llama-d64'),
      u32(6),
      Buffer.from('tenant'),
      u32(16),
    ]);
    expect(deriveHashSeed({ ...base, tenantSalt: 'tenant' })).toBe(xxh3.xxh64(encoding, 0n));
  });

  it.each([
    ['shared namespace', base, 'af3613996484e903'],
    ['tenant salt', { ...base, tenantSalt: 'acme' }, 'a066eddf109f916d'],
    ['non-ASCII model id', { ...base, modelId: 'モデル' }, '569959891b0f0e8d'],
  ])('pins the seed for the %s', (_name, namespace, expectedHex) => {
    expect(deriveHashSeed(namespace).toString(16).padStart(16, '0')).toBe(expectedHex);
  });

  it.each<[string, HashNamespace, HashNamespace]>([
    ['field boundaries', { ...base, modelId: 'ab', tenantSalt: 'c' }, { ...base, modelId: 'a', tenantSalt: 'bc' }],
    ['tenant salt', base, { ...base, tenantSalt: 'acme' }],
    ['two tenants', { ...base, tenantSalt: 'acme' }, { ...base, tenantSalt: 'globex' }],
    ['model id', base, { ...base, modelId: 'tiny-llama-d128' }],
    ['block size', base, { ...base, blockSizeTokens: 32 }],
  ])('separates namespaces differing in %s', (_name, a, b) => {
    expect(deriveHashSeed(a)).not.toBe(deriveHashSeed(b));
  });

  it('is a pure function of the namespace', () => {
    expect(deriveHashSeed({ ...base })).toBe(deriveHashSeed(base));
  });

  it.each<[string, HashNamespace]>([
    ['zero block size', { ...base, blockSizeTokens: 0 }],
    ['fractional block size', { ...base, blockSizeTokens: 1.5 }],
    ['block size beyond u32', { ...base, blockSizeTokens: 2 ** 32 }],
    ['empty model id', { ...base, modelId: '' }],
  ])('refuses a %s', (_name, namespace) => {
    expect(() => deriveHashSeed(namespace)).toThrow(RangeError);
  });

  it('pairs the seed with the block size it was derived for', () => {
    expect(blockHashOptions(base)).toEqual({ seed: deriveHashSeed(base), blockSizeTokens: 16 });
  });
});
