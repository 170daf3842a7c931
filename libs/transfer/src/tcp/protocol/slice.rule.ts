import { MAX_SLICE_BYTES } from './frame.format';

/**
 * How many of a block's remaining bytes its next DATA slice carries: all of them when they exceed
 * one slice by at most a sixteenth, else one slice. Blocks are a power-of-two payload plus a
 * header, so a block of one slice's payload goes out as one slice rather than a slice and a sliver
 * that costs the receiver another frame and read of its own.
 */
export function nextSliceBytes(remainingBytes: number, sliceBytes: number): number {
  const wholeUpToBytes = Math.min(MAX_SLICE_BYTES, sliceBytes + Math.floor(sliceBytes / 16));
  return remainingBytes <= wholeUpToBytes ? remainingBytes : sliceBytes;
}
