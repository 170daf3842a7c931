import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type SequenceId } from '@tsukimi/engine';
import { randomTokens, tinyEngine } from '../testing/engine-fixtures';

describe('ReferenceEngine refuses what it must not use', () => {
  const prompt = randomTokens(64, 5);

  function exported(): { bytes: Uint8Array; key: BlockKey } {
    const engine = tinyEngine();
    const sequence = engine.openSequence();
    expectOk(engine.prefillNow(sequence, prompt), 'prefill');
    const key = engine.sequenceBlockKeys(sequence)![0]!;
    return { bytes: expectOk(engine.exportBlock(key), 'export'), key };
  }

  it.each([
    ['a payload byte flipped', (b: Uint8Array) => (b[b.length - 5]! ^= 0x01), 'checksum-mismatch'],
    ['a header byte flipped', (b: Uint8Array) => (b[9]! ^= 0x40), 'checksum-mismatch'],
    ['truncated', (b: Uint8Array) => b.subarray(0, b.length - 1), 'truncated'],
  ])('a corrupt block (%s) is refused with %s and not cached', (_name, corrupt, kind) => {
    const { bytes, key } = exported();
    const damaged = corrupt(bytes);
    const engine = tinyEngine();
    const result = engine.importBlock(damaged instanceof Uint8Array ? damaged : bytes, key);
    expect(result).toMatchObject({ ok: false, error: { kind } });
    expect(engine.cachedPrefixBlocks([key])).toBe(0);
  });

  it('a block of another model is refused with model-mismatch', () => {
    const { bytes, key } = exported();
    const other = tinyEngine({}, { seed: 2 });
    expect(other.importBlock(bytes, key)).toMatchObject({ ok: false, error: { kind: 'model-mismatch' } });
    expect(other.arenaStats().cachedBlocks).toBe(0);
  });

  it('a block of another layout (block size) is refused with layout-mismatch', () => {
    const { bytes, key } = exported();
    const other = tinyEngine({ blockSizeTokens: 32 });
    expect(other.importBlock(bytes, key)).toMatchObject({ ok: false, error: { kind: 'layout-mismatch' } });
  });

  it('a block presented under another key is refused with key-mismatch', () => {
    const { bytes } = exported();
    const engine = tinyEngine();
    const otherKey = engine.blockKeys(randomTokens(16, 77))[0]!;
    expect(engine.importBlock(bytes, otherKey)).toMatchObject({ ok: false, error: { kind: 'key-mismatch' } });
  });

  it('a prefill that does not fit the arena fails whole and leaves the sequence empty', () => {
    const engine = tinyEngine({ arenaBlocks: 3 });
    const sequence = engine.openSequence();
    expect(engine.prefillNow(sequence, prompt)).toMatchObject({ ok: false, error: { kind: 'arena-full', capacityBlocks: 3 } });
    expect(engine.sequenceTokens(sequence)).toEqual([]);
    expect(engine.arenaStats()).toMatchObject({ inUseBlocks: 0, freeBlocks: 3 });
  });

  it('cached blocks are evicted least recently used first when space is needed', () => {
    const engine = tinyEngine({ arenaBlocks: 4 });
    const [a, b] = [randomTokens(32, 1), randomTokens(32, 2)];
    for (const tokens of [a, b]) {
      const s = engine.openSequence();
      expectOk(engine.prefillNow(s, tokens), 'prefill');
      engine.closeSequence(s);
    }
    const s = engine.openSequence();
    expectOk(engine.prefillNow(s, randomTokens(20, 3)), 'prefill');
    expect(engine.cachedPrefixBlocks(engine.blockKeys(a))).toBe(0);
    expect(engine.cachedPrefixBlocks(engine.blockKeys(b))).toBe(2);
  });

  it.each([
    ['a prompt longer than the context', () => randomTokens(2049, 1), 'context-overflow'],
    ['a token outside the vocabulary', () => [1, 2, 259], 'invalid-token'],
    ['an empty prompt', () => [], 'empty-prompt'],
  ])('%s is an error result', (_name, tokens, kind) => {
    const engine = tinyEngine();
    expect(engine.prefillNow(engine.openSequence(), tokens())).toMatchObject({ ok: false, error: { kind } });
  });

  it('an unknown sequence is an error result', () => {
    const engine = tinyEngine();
    expect(engine.decodeNow([{ sequence: 999 as SequenceId, token: 1 }])).toMatchObject({ ok: false, error: { kind: 'unknown-sequence' } });
  });

  it('names no adapters, and an adapter named to it is a caller bug that throws', () => {
    const engine = tinyEngine();
    expect(engine.info.adapters ?? []).toEqual([]);
    expect(() => engine.openSequence('', 'a')).toThrow(/no LoRA adapters/);
    expect(() => engine.blockKeys(prompt, '', 'a')).toThrow(/no LoRA adapters/);
    expect(engine.blockKeys(prompt, '', undefined)).toEqual(engine.blockKeys(prompt));
  });
});
