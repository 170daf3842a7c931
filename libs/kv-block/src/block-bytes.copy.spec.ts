import { copyBlockBytes } from './block-bytes.copy';

describe('copyBlockBytes', () => {
  it.each([
    ['a Buffer view into a larger memory', () => Buffer.from(new ArrayBuffer(64), 8, 16)],
    ['a Uint8Array view into a larger memory', () => new Uint8Array(new ArrayBuffer(64), 8, 16)],
  ])('copies %s, so detaching the source memory leaves the copy whole', (_name, make) => {
    const source = make();
    source.fill(7);
    const copy = copyBlockBytes(source);
    structuredClone(source.buffer, { transfer: [source.buffer as ArrayBuffer] });
    expect(source.byteLength).toBe(0);
    expect([...copy]).toEqual(new Array<number>(16).fill(7));
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(16);
  });
});
