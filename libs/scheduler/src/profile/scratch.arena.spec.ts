import { ScratchArena } from './scratch.arena';

describe('ScratchArena', () => {
  it.each([
    ['a decision over 64 + 64 instances', [64, 64, 64, 64, 12, 12, 12]],
    ['more than the first buffer holds', [700, 700, 300]],
    ['one array longer than the buffer', [5000, 3]],
  ])('hands out zeroed arrays that never overlap within a cycle: %s', (_name, lengths) => {
    const arena = new ScratchArena();
    for (let cycle = 0; cycle < 3; cycle++) {
      arena.reset();
      const arrays = lengths.map((length, n) => {
        const array = arena.float64(length);
        expect(array.length).toBe(length);
        expect(array.every((x) => x === 0)).toBe(true);
        array.fill(n + 1);
        return array;
      });
      arrays.forEach((array, n) => expect(array.every((x) => x === n + 1)).toBe(true));
    }
  });

  it('hands the same memory out again after a reset, and zeroed', () => {
    const arena = new ScratchArena();
    const first = arena.float64(64).fill(7);
    arena.reset();
    const again = arena.float64(64);
    expect(again.buffer).toBe(first.buffer);
    expect(again.byteOffset).toBe(first.byteOffset);
    expect(first.every((x) => x === 0)).toBe(true);
  });
});
