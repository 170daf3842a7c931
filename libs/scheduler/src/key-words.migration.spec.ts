import { blockKeysFromWords } from '@tsukimi/kv-block';
import { KeyWordsMigration } from './key-words.migration';

describe('KeyWordsMigration', () => {
  const words = Uint32Array.of(0, 1, 0, 2, 0xabcdef01, 3, 4, 5);
  const from = { tier: 'dram', node: 'node-1' } as const;

  it.each([
    [1, 3],
    [0, 4],
    [2, 2],
  ])('spells blocks %i to %i as the whole prompt’s keys sliced, the same array on every read', (first, end) => {
    const migration = new KeyWordsMigration(words, first, end, from);
    expect(migration.keys).toEqual(blockKeysFromWords(words).slice(first, end));
    expect(migration.keys).toBe(migration.keys);
    expect(migration.from).toBe(from);
  });

  it('writes out as a plain migration would', () => {
    expect(JSON.parse(JSON.stringify(new KeyWordsMigration(words, 2, 3, from)))).toEqual({ keys: ['abcdef0100000003'], from });
  });
});
