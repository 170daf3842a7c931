import { BlockSlabs } from './block.slabs';

describe('block slabs', () => {
  it('carves slots of one size from one arena, each exactly the size asked, none overlapping', () => {
    const slabs = new BlockSlabs({ arenaBytes: 1024 });
    const slots = Array.from({ length: 8 }, (_, i) => {
      const slot = slabs.allocate(100);
      slot.bytes.fill(i);
      return slot;
    });
    expect(slots.every((slot) => slot.bytes.length === 100)).toBe(true);
    slots.forEach((slot, i) => expect(slot.bytes.every((byte) => byte === i)).toBe(true));
    expect(slabs.reservedBytes()).toBe(128 * 8);
  });

  it.each([
    { sizes: [100, 100, 100], reserved: 1024 },
    { sizes: [100, 300], reserved: 1024 + 960 },
    { sizes: [600], reserved: 0 },
  ])('keeps one arena per slot size: $sizes reserve $reserved bytes of arenas', ({ sizes, reserved }) => {
    const slabs = new BlockSlabs({ arenaBytes: 1024 });
    for (const size of sizes) slabs.allocate(size);
    expect(slabs.reservedBytes()).toBe(reserved);
  });

  it('reuses a freed slot before touching another', () => {
    const slabs = new BlockSlabs({ arenaBytes: 1024 });
    const first = slabs.allocate(64);
    slabs.allocate(64);
    slabs.free(first);
    const again = slabs.allocate(64);
    expect(again.bytes.byteOffset).toBe(first.bytes.byteOffset);
    expect(again.bytes.buffer).toBe(first.bytes.buffer);
  });

  it('releases an arena left empty while another of its class has room', () => {
    const slabs = new BlockSlabs({ arenaBytes: 256 });
    const slots = Array.from({ length: 6 }, () => slabs.allocate(64));
    expect(slabs.reservedBytes()).toBe(512);
    for (const slot of slots.slice(0, 4)) slabs.free(slot);
    expect(slabs.reservedBytes()).toBe(256);
    for (const slot of slots.slice(4)) slabs.free(slot);
    expect(slabs.reservedBytes()).toBe(256);
  });
});
