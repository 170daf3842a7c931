import { isDetached, moveArrayBuffer } from './array-buffer.move';

/** Detaches `memory` the way a holder would that hands it to another thread. */
function transferAway(memory: ArrayBuffer): ArrayBuffer {
  structuredClone(memory, { transfer: [memory] });
  return memory;
}

describe('moveArrayBuffer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('moves the bytes into a new buffer and leaves every view of the old one empty', () => {
    const memory = new ArrayBuffer(8);
    const view = new Uint8Array(memory, 2, 4);
    new Uint8Array(memory).set([1, 2, 3, 4, 5, 6, 7, 8]);
    const moved = moveArrayBuffer(memory);
    expect(moved === null ? null : [...new Uint8Array(moved)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([memory.byteLength, view.length, isDetached(memory)]).toEqual([0, 0, true]);
  });

  it('gives null for a buffer already detached, without asking structuredClone to transfer it', () => {
    const memory = transferAway(new ArrayBuffer(8));
    const clone = jest.spyOn(globalThis, 'structuredClone');
    expect(moveArrayBuffer(memory)).toBeNull();
    expect(clone).not.toHaveBeenCalled();
  });

  it('moves with ArrayBuffer.prototype.transfer where the runtime has it (Node 22 and later), not a structured clone', () => {
    const memory = new ArrayBuffer(8);
    new Uint8Array(memory).set([1, 2, 3, 4, 5, 6, 7, 8]);
    const clone = jest.spyOn(globalThis, 'structuredClone');
    // Node 20 lacks the method: this buffer gets a stand-in that copies, enough to see which way the move goes.
    if (!('transfer' in ArrayBuffer.prototype)) Object.defineProperty(memory, 'transfer', { value: () => memory.slice(0) });
    const moved = moveArrayBuffer(memory);
    expect(moved === null ? null : [...new Uint8Array(moved)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(clone).not.toHaveBeenCalled();
  });

  it.each([
    ['a fresh buffer', () => new ArrayBuffer(8), false],
    ['a buffer transferred away', () => transferAway(new ArrayBuffer(8)), true],
    ['a buffer moved', () => {
      const memory = new ArrayBuffer(8);
      moveArrayBuffer(memory);
      return memory;
    }, true],
  ])('tells whether %s is detached', (_, make, detached) => {
    expect(isDetached(make())).toBe(detached);
  });
});
