import { ProcessUniqueIds } from './response-ids';

describe('ProcessUniqueIds', () => {
  it('gives 24 hex digits: the prefix drawn once, then a counter', () => {
    let draws = 0;
    const ids = new ProcessUniqueIds(() => `${++draws}`.padStart(16, 'a'));
    expect([ids.next(), ids.next(), ids.next()]).toEqual(['aaaaaaaaaaaaaaa1' + '00000000', 'aaaaaaaaaaaaaaa1' + '00000001', 'aaaaaaaaaaaaaaa1' + '00000002']);
    expect(draws).toBe(1);
  });

  it('draws a new prefix when the counter wraps, so a process never repeats an id', () => {
    const prefixes = ['1111111111111111', '2222222222222222'];
    const ids = new ProcessUniqueIds(() => prefixes.shift()!, 2);
    expect([ids.next(), ids.next(), ids.next()]).toEqual(['111111111111111100000000', '111111111111111100000001', '222222222222222200000000']);
  });

  it('with the default randomness: distinct, 24 hex digits, from a random prefix', () => {
    const ids = new ProcessUniqueIds();
    const seen = new Set(Array.from({ length: 1000 }, () => ids.next()));
    expect(seen.size).toBe(1000);
    for (const id of seen) expect(id).toMatch(/^[0-9a-f]{24}$/);
    // Two generators (two processes) start from different prefixes.
    expect(new ProcessUniqueIds().next().slice(0, 16)).not.toBe(new ProcessUniqueIds().next().slice(0, 16));
  });
});
