import { type BlockCodecError } from './block-codec.error';
import { blockChecksum, CHECKSUM_OFFSET, decodeBlockHeader, encodeBlockHeader, headerBytes, type Block } from './block-header';
import { parseBlockDigest, UNBOUND_BLOCK_DIGEST, type BlockDigest } from './block-digest';
import { blockKeyFromU64 } from './block-key';
import { payloadBytes, type BlockLayout } from './block-layout';
import { decodeBlock, encodeBlock, type BlockExpectation } from './block.codec';
import { modelHashFromU64 } from './model-hash';

const layout: BlockLayout = { layers: 2, kvHeads: 2, headDim: 4, blockSizeTokens: 16, dtype: 'f16' };
const block: Block = {
  key: blockKeyFromU64(0x0123_4567_89ab_cdefn),
  modelHash: modelHashFromU64(0xfeed_face_cafe_beefn),
  layout,
  payload: Uint8Array.from({ length: payloadBytes(layout) }, (_, i) => (i * 31 + 7) & 0xff),
  digest: digestOf('00112233445566778899aabbccddeeff'),
};
const expected: BlockExpectation = { key: block.key, modelHash: block.modelHash, layout, digest: block.digest };
const encoded = encodeBlock(block);

function digestOf(hex: string): BlockDigest {
  const parsed = parseBlockDigest(hex);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.value;
}

/** A copy changed by `edit`, with the checksum recomputed when `reseal` so only the edit itself is judged. */
function forged(edit: (view: DataView, bytes: Uint8Array) => Uint8Array | void, reseal = false): Uint8Array {
  const copy = encoded.slice();
  const bytes = edit(new DataView(copy.buffer), copy) ?? copy;
  if (reseal) {
    const checksum = blockChecksum(bytes.subarray(0, CHECKSUM_OFFSET), bytes.subarray(headerBytes));
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(CHECKSUM_OFFSET, checksum, true);
  }
  return bytes;
}

function flipped(offset: number, mask = 1): Uint8Array {
  return forged((view) => view.setUint8(offset, view.getUint8(offset) ^ mask));
}

describe('block codec', () => {
  it('round-trips a block, returning the payload as a view of the decoded bytes', () => {
    const decoded = decodeBlock(encoded, expected);
    expect(decoded).toEqual({ ok: true, value: block });
    expect(decoded.ok && decoded.value.payload.buffer).toBe(encoded.buffer);
    expect(decoded.ok && decoded.value.payload.byteOffset).toBe(headerBytes);
  });

  it('decodes a block sitting at an odd offset inside a larger buffer', () => {
    const backing = new Uint8Array(encoded.length + 5);
    backing.set(encoded, 3);
    expect(decodeBlock(backing.subarray(3, 3 + encoded.length), { modelHash: block.modelHash, layout })).toMatchObject({ ok: true });
  });

  it('writes a header that, followed by the payload, is exactly the one-buffer encoding', () => {
    const header = encodeBlockHeader(block);
    expect(header).toHaveLength(headerBytes);
    expect(Buffer.concat([header, block.payload]).equals(encoded)).toBe(true);
  });

  it('pins the version-2 header bytes', () => {
    const fields = [
      ['magic', '54534b56'],
      ['version', '0200'],
      ['headerBytes', '4000'],
      ['key', 'efcdab8967452301'],
      ['modelHash', 'efbefecacefaedfe'],
      ['blockSizeTokens', '10000000'],
      ['layers', '0200'],
      ['kvHeads', '0200'],
      ['headDim', '0400'],
      ['dtype f16', '0200'],
      ['payloadBytes', '00040000'],
      ['digest lane A', '7766554433221100'],
      ['digest lane B', 'ffeeddccbbaa9988'],
      ['checksum', 'd57981fe435d241a'],
    ];
    expect(Buffer.from(encoded.subarray(0, headerBytes)).toString('hex')).toBe(fields.map(([, hex]) => hex).join(''));
  });

  it('reads a header before the payload has arrived, telling the reader how much to collect', () => {
    const header = decodeBlockHeader(encoded.subarray(0, headerBytes));
    expect(header).toMatchObject({ ok: true, value: { version: 2, key: block.key, layout, payloadBytes: 1024, digest: block.digest, totalBytes: headerBytes + 1024 } });
  });

  it.each<[string, Uint8Array, BlockExpectation, Partial<BlockCodecError>]>([
    ['a flipped payload byte', flipped(headerBytes + 100), expected, { kind: 'checksum-mismatch' }],
    ['a flipped last payload byte', flipped(encoded.length - 1, 0x80), expected, { kind: 'checksum-mismatch' }],
    ['a flipped key byte', flipped(8), expected, { kind: 'checksum-mismatch' }],
    ['a flipped model hash byte', flipped(23), expected, { kind: 'checksum-mismatch' }],
    ['a flipped layout byte', flipped(28), expected, { kind: 'checksum-mismatch' }],
    ['a flipped checksum byte', flipped(CHECKSUM_OFFSET), expected, { kind: 'checksum-mismatch' }],
    ['a flipped digest byte', flipped(40), expected, { kind: 'checksum-mismatch' }],
    ['a flipped last digest byte', flipped(CHECKSUM_OFFSET - 1, 0x80), expected, { kind: 'checksum-mismatch' }],
    ['another digest (a block whose key collides)', encoded, { ...expected, digest: digestOf('00112233445566778899aabbccddeefe') }, { kind: 'digest-mismatch', expected: digestOf('00112233445566778899aabbccddeefe'), actual: block.digest }],
    ['a block written without a digest', encodeBlock({ ...block, digest: undefined }), expected, { kind: 'digest-mismatch', actual: UNBOUND_BLOCK_DIGEST }],
    ['another model', encoded, { ...expected, modelHash: modelHashFromU64(1n) }, { kind: 'model-mismatch', expected: modelHashFromU64(1n), actual: block.modelHash }],
    ['another dtype', encoded, { ...expected, layout: { ...layout, dtype: 'f32' } }, { kind: 'layout-mismatch', actual: layout }],
    ['another layer count', encoded, { ...expected, layout: { ...layout, layers: 3 } }, { kind: 'layout-mismatch' }],
    ['an unknown dtype code', forged((v) => v.setUint16(34, 9, true), true), expected, { kind: 'layout-mismatch', actual: { ...layout, dtype: 'unknown:9' } }],
    ['another key', encoded, { ...expected, key: blockKeyFromU64(2n) }, { kind: 'key-mismatch', expected: blockKeyFromU64(2n), actual: block.key }],
    ['no bytes', new Uint8Array(0), expected, { kind: 'truncated', neededBytes: headerBytes, actualBytes: 0 }],
    ['only the magic', encoded.subarray(0, 5), expected, { kind: 'truncated', neededBytes: headerBytes, actualBytes: 5 }],
    ['part of the header', encoded.subarray(0, headerBytes - 1), expected, { kind: 'truncated', neededBytes: headerBytes }],
    ['the header alone', encoded.subarray(0, headerBytes), expected, { kind: 'truncated', neededBytes: encoded.length, actualBytes: headerBytes }],
    ['all but one byte', encoded.subarray(0, -1), expected, { kind: 'truncated', neededBytes: encoded.length }],
    ['a trailing byte', forged((_, b) => Uint8Array.of(...b, 0)), expected, { kind: 'length-mismatch', field: 'totalBytes', expected: encoded.length }],
    ['a payload shorter than its layout', forged((v, b) => (v.setUint32(36, 1020, true), b.subarray(0, -4)), true), expected, { kind: 'length-mismatch', field: 'payloadBytes', expected: 1024, actual: 1020 }],
    ['a header length of 48 (version 1\'s)', forged((v) => v.setUint16(6, 48, true)), expected, { kind: 'length-mismatch', field: 'headerBytes', actual: 48 }],
    ['bad magic', flipped(0, 0x54 ^ 0x58), expected, { kind: 'bad-magic', actualHex: '58534b56' }],
    ['bad magic in a short read', Uint8Array.of(0x47, 0x47, 0x55, 0x46), expected, { kind: 'bad-magic', actualHex: '47475546' }],
    ['version 1', forged((v) => v.setUint16(4, 1, true)), expected, { kind: 'unsupported-version', version: 1, supportedVersion: 2 }],
    ['version 3', forged((v) => v.setUint16(4, 3, true)), expected, { kind: 'unsupported-version', version: 3, supportedVersion: 2 }],
    ['version 0', forged((v) => v.setUint16(4, 0, true)), expected, { kind: 'unsupported-version', version: 0 }],
  ])('refuses %s', (_name, bytes, expectation, error) => {
    const decoded = decodeBlock(bytes, expectation);
    expect(decoded).toMatchObject({ ok: false, error });
    expect(() => JSON.stringify(decoded)).not.toThrow();
  });

  it.each<[string, Block]>([
    ['a payload shorter than the layout', { ...block, payload: block.payload.subarray(1) }],
    ['a payload longer than the layout', { ...block, payload: new Uint8Array(1025) }],
    ['a layout the header cannot hold', { ...block, layout: { ...layout, layers: 70_000 } }],
  ])('refuses to encode %s', (_name, bad) => {
    expect(() => encodeBlockHeader(bad)).toThrow(RangeError);
  });
});
