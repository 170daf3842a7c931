import { MAX_SLICE_BYTES } from './frame.format';
import { nextSliceBytes } from './slice.rule';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('nextSliceBytes', () => {
  it.each([
    ['a block smaller than a slice', 64 * KiB + 64, MiB, 64 * KiB + 64],
    ['a slice of payload and its header', MiB + 64, MiB, MiB + 64],
    ['up to a sixteenth over a slice', MiB + 64 * KiB, MiB, MiB + 64 * KiB],
    ['more than a sixteenth over a slice', MiB + 64 * KiB + 1, MiB, MiB],
    ['a 16 MiB block in 1 MiB slices', 16 * MiB + 64, MiB, MiB],
    ['never more than a receiver accepts', MAX_SLICE_BYTES + 64, MAX_SLICE_BYTES, MAX_SLICE_BYTES],
  ])('%s', (_, remainingBytes, sliceBytes, expected) => {
    expect(nextSliceBytes(remainingBytes, sliceBytes)).toBe(expected);
  });
});
