import { RegionArena } from './region.arena';

describe('RegionArena', () => {
  const region = new Uint8Array(1024);

  it('lends disjoint views of its region, as long as asked, and nothing once full', () => {
    const arena = new RegionArena(region);
    const loans = [100, 300, 64, 600].map((size) => arena.tryTake(size));
    expect(loans.map((loan) => loan?.bytes.length)).toEqual([100, 300, 64, undefined]);
    const spans = loans.flatMap((loan) => (loan === undefined ? [] : [{ start: loan.bytes.byteOffset, end: loan.bytes.byteOffset + loan.bytes.length }]));
    for (const { start, end } of spans) {
      expect(start >= region.byteOffset && end <= region.byteOffset + region.length).toBe(true);
      expect(start % 64).toBe(0);
      expect(spans.filter((other) => start < other.end && other.start < end)).toHaveLength(1);
    }
    for (const loan of loans) expect(loan === undefined || loan.bytes.buffer === region.buffer).toBe(true);
    expect(arena.outstandingBytes).toBe(128 + 320 + 64);
  });

  it.each([
    { name: 'in the order lent', order: [0, 1, 2, 3] },
    { name: 'in reverse', order: [3, 2, 1, 0] },
    { name: 'middle ones first', order: [1, 2, 0, 3] },
  ])('has the whole region back when every loan is released $name, merging freed neighbours', ({ order }) => {
    const arena = new RegionArena(region);
    const loans = [256, 256, 256, 256].map((size) => arena.tryTake(size));
    expect(arena.tryTake(1)).toBeUndefined();
    for (const index of order) loans[index]?.release();
    expect(arena.outstandingBytes).toBe(0);
    expect(arena.tryTake(1024)?.bytes.length).toBe(1024);
  });

  it('counts a second release of one loan as nothing', () => {
    const arena = new RegionArena(region);
    const first = arena.tryTake(512);
    const second = arena.tryTake(512);
    first?.release();
    first?.release();
    expect(arena.outstandingBytes).toBe(512);
    expect(arena.tryTake(1024)).toBeUndefined();
    second?.release();
    expect(arena.tryTake(1024)).toBeDefined();
  });

  it('lends nothing from a region shorter than a cache line', () => {
    expect(new RegionArena(new Uint8Array(63)).tryTake(1)).toBeUndefined();
  });
});
