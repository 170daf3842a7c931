import { ReceiveBufferPool, type ReceiveBuffer } from './receive-buffer.pool';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Takes a buffer of `sizeBytes` and stamps its first byte, so later takes show which memory they got. */
function stamped(pool: ReceiveBufferPool, sizeBytes: number, mark: number): ReceiveBuffer {
  const buffer = pool.take(sizeBytes);
  buffer.bytes[0] = mark;
  return buffer;
}

describe('ReceiveBufferPool', () => {
  it.each([
    [1, null],
    [64 * KiB - 1, null],
    [64 * KiB, 64 * KiB],
    [64 * KiB + 1, 128 * KiB],
    [300 * KiB, 512 * KiB],
    [MiB, MiB],
    [MiB + 1, MiB + 4 * KiB],
    [MiB + 64, MiB + 4 * KiB],
    [16 * MiB + 4 * KiB, 16 * MiB + 4 * KiB],
    [16 * MiB + 80, 16 * MiB + 4 * KiB],
  ])('puts %i bytes in class %p', (sizeBytes, classBytes) => {
    expect(new ReceiveBufferPool({ budgetBytes: 64 * MiB }).classOf(sizeBytes)).toBe(classBytes);
  });

  it('hands out buffers of exactly the size asked for', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    expect([100, 70 * KiB, 3 * MiB + 5].map((size) => pool.take(size).bytes.length)).toEqual([100, 70 * KiB, 3 * MiB + 5]);
  });

  it('offers the rest of a pooled class as spare room after the bytes, and none after unpooled memory', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const taken = [100, 64 * KiB + 64, MiB + 64].map((size) => pool.take(size));
    expect(taken.map(({ spareBytes }) => spareBytes)).toEqual([0, 64 * KiB - 64, 4 * KiB - 64]);
    expect(taken.map(({ bytes, spareBytes }) => bytes.buffer.byteLength >= bytes.byteOffset + bytes.length + spareBytes)).toEqual([true, true, true]);
  });

  it('reuses released memory of the same class, the most recently released first', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const [a, b] = [stamped(pool, 100 * KiB, 1), stamped(pool, 120 * KiB, 2)];
    a.release();
    b.release();
    expect(pool.stats()).toEqual({ idleBytes: 256 * KiB, idleBuffers: 2, reused: 0, allocated: 2 });
    expect([pool.take(128 * KiB).bytes[0], pool.take(65 * KiB).bytes[0]]).toEqual([2, 1]);
    expect(pool.stats()).toEqual({ idleBytes: 0, idleBuffers: 0, reused: 2, allocated: 2 });
  });

  it('does not reuse memory across classes', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    pool.take(2 * MiB).release();
    pool.take(2 * MiB + 1);
    expect(pool.stats()).toMatchObject({ reused: 0, allocated: 2, idleBuffers: 1 });
  });

  it('keeps at most its budget idle, dropping the buffers released longest ago', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 3 * MiB });
    const held = [stamped(pool, 2 * MiB, 1), stamped(pool, MiB, 2), stamped(pool, MiB, 3), stamped(pool, 4 * MiB, 4)];
    for (const buffer of held) buffer.release();
    // 2 MiB (released first) went to make room for the second 1 MiB; the 4 MiB one never fit.
    expect(pool.stats()).toMatchObject({ idleBytes: 2 * MiB, idleBuffers: 2 });
    expect([pool.take(MiB).bytes[0], pool.take(MiB).bytes[0]]).toEqual([3, 2]);
    expect(pool.stats()).toMatchObject({ idleBytes: 0, reused: 2 });
  });

  it('ignores a second release of the same buffer', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const buffer = pool.take(MiB);
    buffer.release();
    buffer.release();
    expect(pool.stats()).toMatchObject({ idleBuffers: 1, idleBytes: MiB });
  });

  it('never hands one memory to two holders, even after a stale release', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const first = pool.take(MiB);
    first.release();
    const second = pool.take(MiB);
    first.release();
    const third = pool.take(MiB);
    second.bytes.fill(0xaa);
    third.bytes.fill(0x55);
    expect(second.bytes.every((byte) => byte === 0xaa)).toBe(true);
    expect(pool.stats()).toMatchObject({ reused: 1, allocated: 2 });
  });

  it('detaches the holder’s view on release, so stale reads see no bytes rather than another block’s', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const buffer = stamped(pool, MiB, 9);
    const view = buffer.bytes.subarray(10, 20);
    buffer.release();
    expect([buffer.bytes.length, view.length]).toEqual([0, 0]);
    expect(pool.take(MiB).bytes[0]).toBe(9);
  });

  it('keeps nothing of a buffer its holder transferred away before releasing', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const buffer = pool.take(MiB);
    const memory = buffer.bytes.buffer as ArrayBuffer;
    structuredClone(memory, { transfer: [memory] });
    buffer.release();
    expect(pool.stats()).toMatchObject({ idleBuffers: 0, idleBytes: 0 });
  });

  it('never asks structuredClone to transfer a buffer its holder already detached (Node 22+ throws DataCloneError)', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const [away, kept] = [pool.take(MiB), pool.take(MiB)];
    const memory = away.bytes.buffer as ArrayBuffer;
    structuredClone(memory, { transfer: [memory] });
    const clone = globalThis.structuredClone;
    const transferredLengths: number[] = [];
    jest.spyOn(globalThis, 'structuredClone').mockImplementation((value, options) => {
      for (const item of options?.transfer ?? []) if (item instanceof ArrayBuffer) transferredLengths.push(item.byteLength);
      return clone(value, options);
    });
    away.release();
    kept.release();
    jest.restoreAllMocks();
    // The detached one was never handed to structuredClone (Node 22+ moves the other with ArrayBuffer.prototype.transfer instead), and only the attached one went back to the pool.
    expect(transferredLengths).not.toContain(0);
    expect(pool.stats()).toMatchObject({ idleBuffers: 1, idleBytes: MiB });
  });

  it.each([
    ['small buffers', 4 * KiB],
    ['large buffers', MiB],
  ])('allocates afresh and keeps nothing of %s with a zero budget', (_, sizeBytes) => {
    const pool = new ReceiveBufferPool({ budgetBytes: 0 });
    const buffer = pool.take(sizeBytes);
    buffer.release();
    expect(buffer.bytes.length).toBe(sizeBytes);
    expect(pool.stats()).toEqual({ idleBytes: 0, idleBuffers: 0, reused: 0, allocated: 0 });
  });

  describe('small buffers, carved from slabs of four smallest classes', () => {
    const slabBytes = 256 * KiB;
    /** Takes `count` buffers of 8 KiB, each filled with its number. */
    const takeStamped = (pool: ReceiveBufferPool, count: number): ReceiveBuffer[] =>
      Array.from({ length: count }, (_, i) => {
        const buffer = pool.take(8 * KiB);
        buffer.bytes.fill(i + 1);
        return buffer;
      });

    it('hands out buffers that do not overlap, a slab for every 32 of 8 KiB', () => {
      const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
      const held = takeStamped(pool, 33);
      expect(held.every((buffer, i) => buffer.bytes.length === 8 * KiB && buffer.bytes.every((byte) => byte === i + 1))).toBe(true);
      expect(new Set(held.map((buffer) => buffer.bytes.buffer)).size).toBe(2);
      expect(pool.stats()).toMatchObject({ allocated: 2, reused: 0 });
    });

    it('takes a full slab back once every buffer carved from it is released, and not before', () => {
      const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
      const held = takeStamped(pool, 33);
      for (const buffer of held.slice(1, 32)) buffer.release();
      expect(pool.stats()).toMatchObject({ idleBuffers: 0, idleBytes: 0 });
      (held[0] as ReceiveBuffer).release();
      expect(pool.stats()).toMatchObject({ idleBuffers: 1, idleBytes: slabBytes });
      // The slab still being carved stays out while its buffer is held.
      (held[32] as ReceiveBuffer).release();
      expect(pool.stats()).toMatchObject({ idleBuffers: 1 });
    });

    it('detaches every view of a slab when it goes back, and reuses it for the next slab', () => {
      const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
      const held = takeStamped(pool, 33);
      const views = held.slice(0, 32).map((buffer) => buffer.bytes);
      for (const buffer of held) buffer.release();
      expect(views.every((view) => view.length === 0)).toBe(true);
      takeStamped(pool, 32);
      expect(pool.stats()).toMatchObject({ allocated: 2, reused: 1 });
    });

    it('ignores a second release of a carved buffer', () => {
      const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
      const held = takeStamped(pool, 33);
      (held[0] as ReceiveBuffer).release();
      (held[0] as ReceiveBuffer).release();
      for (const buffer of held.slice(1, 31)) buffer.release();
      expect(pool.stats()).toMatchObject({ idleBuffers: 0 });
    });
  });

  it('drops idle memory on close and keeps none released later', () => {
    const pool = new ReceiveBufferPool({ budgetBytes: 64 * MiB });
    const held = pool.take(MiB);
    pool.take(MiB).release();
    pool.close();
    held.release();
    expect(pool.stats()).toMatchObject({ idleBytes: 0, idleBuffers: 0 });
  });
});
