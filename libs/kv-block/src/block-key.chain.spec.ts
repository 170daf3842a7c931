import { blockHashOptions } from './block-hash-seed';
import { BlockKeyChain } from './block-key.chain';
import { BlockKeyHasher } from './block-key.hasher';

const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'tiny-llama-d64', tenantSalt: 'acme', blockSizeTokens: 16 }));

function tokensOf(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 2_654_435_761) >>> 0);
}

describe('BlockKeyChain', () => {
  it.each([0, 15, 16, 17, 100, 1024])('appending %i tokens one at a time gives the batch keys', (count) => {
    const tokens = tokensOf(count);
    const chain = new BlockKeyChain(hasher);
    tokens.forEach((token) => chain.append(token));
    expect(chain.keys).toEqual(hasher.keys(tokens));
    expect(chain.pendingTokenCount).toBe(count % 16);
  });

  it('returns a key exactly when a token fills a block', () => {
    const chain = new BlockKeyChain(hasher);
    const sealedAt = tokensOf(48).flatMap((token, i) => (chain.append(token) === undefined ? [] : [i]));
    expect(sealedAt).toEqual([15, 31, 47]);
    expect(chain.lastKey).toBe(hasher.keys(tokensOf(48))[2]);
  });

  it.each([1, 7, 16, 33, 500])('appending in chunks of %i gives the batch keys and reports each sealed block once', (chunk) => {
    const tokens = tokensOf(1000);
    const chain = new BlockKeyChain(hasher);
    const reported: string[] = [];
    for (let start = 0; start < tokens.length; start += chunk) reported.push(...chain.appendAll(tokens.slice(start, start + chunk)));
    expect(reported).toEqual(hasher.keys(tokens));
    expect(chain.keys).toEqual(reported);
  });

  it.each([0, 16, 512])('continues a prefill chain of %i tokens as if it had hashed everything', (prefillTokens) => {
    const tokens = tokensOf(prefillTokens + 100);
    const chain = new BlockKeyChain(hasher, hasher.keys(tokens.slice(0, prefillTokens)));
    chain.appendAll(Uint32Array.from(tokens.slice(prefillTokens)));
    expect(chain.keys).toEqual(hasher.keys(tokens));
  });

  it('has no last key before its first block', () => {
    const chain = new BlockKeyChain(hasher);
    chain.appendAll(tokensOf(15));
    expect(chain.lastKey).toBeUndefined();
  });

  it('refuses a token id that is not a u32 and keeps its state', () => {
    const chain = new BlockKeyChain(hasher);
    chain.appendAll(tokensOf(3));
    expect(() => chain.append(-5)).toThrow(RangeError);
    expect(chain.pendingTokenCount).toBe(3);
  });
});
