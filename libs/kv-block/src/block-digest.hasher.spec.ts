import { blockHashOptions, type HashNamespace } from './block-hash-seed';
import { blockDigestFromBytes, blockDigestToBytes, parseBlockDigest, UNBOUND_BLOCK_DIGEST } from './block-digest';
import { BlockDigestHasher } from './block-digest.hasher';
import { BlockKeyHasher } from './block-key.hasher';

const base: HashNamespace = { modelId: 'tiny-llama-d64', tenantSalt: 'acme', blockSizeTokens: 16 };

function tokensOf(count: number, salt = 0): number[] {
  return Array.from({ length: count }, (_, i) => ((i + salt) * 2_654_435_761) >>> 0);
}

describe('BlockDigestHasher', () => {
  const hasher = new BlockDigestHasher(base);
  const tokens = tokensOf(64);
  const digests = hasher.digests(tokens);

  it('gives one canonical 128-bit digest per full block, and equal inputs give equal digests', () => {
    expect(hasher.digests(tokensOf(70))).toHaveLength(4);
    expect(digests.every((d) => parseBlockDigest(d).ok)).toBe(true);
    expect(new BlockDigestHasher({ ...base }).digests(Uint32Array.from(tokens))).toEqual(digests);
    expect(new Set(digests).size).toBe(4);
    expect(digests).not.toContain(UNBOUND_BLOCK_DIGEST);
  });

  it.each<[string, HashNamespace]>([
    ['tenant salt', { ...base, tenantSalt: 'globex' }],
    ['model', { ...base, modelId: 'tiny-llama-d65' }],
    ['block size', { ...base, blockSizeTokens: 8 }],
  ])('differs in every block when the %s differs', (_name, namespace) => {
    const other = new BlockDigestHasher(namespace).digests(tokensOf(64)).slice(0, 4);
    other.forEach((digest, i) => expect(digest).not.toBe(digests[i]));
  });

  it('differs from the changed block on when one token changes, and is equal before it', () => {
    const changed = [...tokens];
    changed[20] = (changed[20]! + 1) >>> 0;
    const other = hasher.digests(changed);
    expect(other[0]).toBe(digests[0]);
    [1, 2, 3].forEach((i) => expect(other[i]).not.toBe(digests[i]));
  });

  it('binds each block to its parent chain: the same block after another parent has another digest', () => {
    const lastBlock = tokens.slice(48);
    expect(hasher.digests(lastBlock, digests[2])).toEqual([digests[3]]);
    expect(hasher.digests(lastBlock, digests[1])[0]).not.toBe(digests[3]);
    expect(hasher.digests(lastBlock)[0]).not.toBe(digests[3]);
  });

  it('continues a chain from its last digest exactly as hashing the whole sequence at once', () => {
    expect([...hasher.digests(tokens.slice(0, 32)), ...hasher.digests(tokens.slice(32), digests[1])]).toEqual(digests);
  });

  it('is independent of the block keys: neither lane is the key chain', () => {
    const keys = new BlockKeyHasher(blockHashOptions(base)).keys(tokens);
    digests.forEach((digest, i) => {
      expect(digest.slice(0, 16)).not.toBe(keys[i]);
      expect(digest.slice(16)).not.toBe(keys[i]);
    });
  });

  it.each([1, 3, 61, 100])('gives chains of the same shape for a block size of %i tokens (outside the kernel where it does not cover it)', (blockSizeTokens) => {
    const sized = new BlockDigestHasher({ ...base, blockSizeTokens });
    const all = sized.digests(tokensOf(blockSizeTokens * 3));
    expect(new Set(all).size).toBe(3);
    expect(sized.digests(tokensOf(blockSizeTokens * 3).slice(blockSizeTokens), all[0])).toEqual(all.slice(1));
  });

  it('round-trips through the 16 header bytes', () => {
    const view = new DataView(new ArrayBuffer(20));
    blockDigestToBytes(digests[0]!, view, 3);
    expect(blockDigestFromBytes(view, 3)).toBe(digests[0]);
  });
});
