import { blockHashOptions } from './block-hash-seed';
import { BlockKeyHasher } from './block-key.hasher';
import { KeyWordsSlab } from './key-words.slab';

describe('KeyWordsSlab', () => {
  it.each([
    ['in-heap sequences', 16, 20],
    ['8k-token prompts (1024 words)', 1024, 20],
    ['odd lengths that leave a tail unused', 1000, 20],
    ['sequences over a quarter of the store', 4096, 3],
  ])('hands out zeroed views that never overlap: %s', (_name, length, count) => {
    const slab = new KeyWordsSlab();
    const views = Array.from({ length: count }, (_, n) => {
      const view = slab.take(length);
      expect(view.length).toBe(length);
      expect(view.every((word) => word === 0)).toBe(true);
      view.fill(n + 1);
      return view;
    });
    views.forEach((view, n) => expect(view.every((word) => word === n + 1)).toBe(true));
  });

  it('keeps a view of more than a quarter of the store in a store of its own, so that no small view holds it alive', () => {
    const slab = new KeyWordsSlab();
    expect(slab.take(4096).buffer.byteLength).toBe(4096 * 4);
    expect(slab.take(1024).buffer.byteLength).toBe(8192 * 4);
  });

  it("leaves every earlier prompt's words as they were hashed while the hasher goes on to others", () => {
    const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'tiny-llama-d64', tenantSalt: '', blockSizeTokens: 16 }));
    const prompts = Array.from({ length: 12 }, (_, p) => Uint32Array.from({ length: 16 * (200 + 37 * p) }, (_, i) => (Math.imul(i + 1 + p, 2654435761) >>> 0) % 50_000));
    const sequences = prompts.map((tokens) => hasher.sequence(tokens));
    const fresh = new BlockKeyHasher(blockHashOptions({ modelId: 'tiny-llama-d64', tenantSalt: '', blockSizeTokens: 16 }));
    prompts.forEach((tokens, p) => expect(sequences[p]!.words).toEqual(fresh.keyWords(tokens)));
  });
});
