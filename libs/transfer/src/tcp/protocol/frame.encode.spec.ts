import { encodeDataHeader, encodeFoundItemWithData, encodeItem } from './frame.encode';

describe('encodeFoundItemWithData', () => {
  it.each([
    [1, 0, 48, 48],
    [0xffff_ffff, 511, 8_240, 8_240],
    [7, 3, 16 * 1024 * 1024 + 48, 1024 * 1024],
  ])('is the ITEM frame followed by the first DATA header, byte for byte (request %i, item %i)', (requestId, index, totalBytes, sliceBytes) => {
    const apart = Buffer.concat([encodeItem(requestId, index, true, totalBytes), encodeDataHeader(requestId, index, 0, sliceBytes)]);
    expect(encodeFoundItemWithData(requestId, index, totalBytes, sliceBytes).equals(apart)).toBe(true);
  });
});
