import { f32Bytes, f64Bytes, i32Bytes, nameBytes, signedLeb128, unsignedLeb128 } from './leb128.codec';

describe('LEB128 and constants', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [624485, [0xe5, 0x8e, 0x26]],
    [0xffffffff, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('encodes %i as unsigned LEB128', (value, bytes) => {
    expect(unsignedLeb128(value)).toEqual(bytes);
  });

  it.each([
    [0, [0x00]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [-1, [0x7f]],
    [-64, [0x40]],
    [-65, [0xbf, 0x7f]],
    [-123456, [0xc0, 0xbb, 0x78]],
    [0x7fffffff, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [-0x80000000, [0x80, 0x80, 0x80, 0x80, 0x78]],
    [0xffffffff, [0x7f]],
  ])('encodes %i as signed LEB128 of an i32', (value, bytes) => {
    expect(signedLeb128(value)).toEqual(bytes);
  });

  it.each([-1, 1.5, 2 ** 32])('refuses %p as a u32', (value) => {
    expect(() => unsignedLeb128(value)).toThrow(RangeError);
  });

  it('writes floats and integers little-endian and names length-prefixed in UTF-8', () => {
    expect(f32Bytes(1)).toEqual([0x00, 0x00, 0x80, 0x3f]);
    expect(f32Bytes(-Infinity)).toEqual([0x00, 0x00, 0x80, 0xff]);
    expect(f64Bytes(1)).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(i32Bytes(-2)).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect(nameBytes('env')).toEqual([3, 0x65, 0x6e, 0x76]);
    expect(nameBytes('é')).toEqual([2, 0xc3, 0xa9]);
  });
});
