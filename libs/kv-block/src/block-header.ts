import { xxh3 } from '@node-rs/xxhash';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockCodecError, type WireBlockLayout } from './block-codec.error';
import { blockDigestFromBytes, blockDigestToBytes, UNBOUND_BLOCK_DIGEST, type BlockDigest } from './block-digest';
import { blockKeyFromU64, blockKeyToU64, type BlockKey } from './block-key';
import { payloadBytes, validateBlockLayout, type BlockDtype, type BlockLayout } from './block-layout';
import { modelHashFromU64, modelHashToU64, type ModelHash } from './model-hash';

/** A block as a writer hands it to the codec. */
export interface Block {
  readonly key: BlockKey;
  readonly modelHash: ModelHash;
  readonly layout: BlockLayout;
  readonly payload: Uint8Array;
  /** The block's identity (`BlockDigestHasher`); absent: `UNBOUND_BLOCK_DIGEST`, which no reader that knows its tokens accepts. */
  readonly digest?: BlockDigest;
}

/** Header fields read off the wire, before the checksum or any expectation has been checked. */
export interface BlockHeader {
  readonly version: number;
  readonly key: BlockKey;
  readonly modelHash: ModelHash;
  readonly layout: WireBlockLayout;
  readonly payloadBytes: number;
  readonly digest: BlockDigest;
  readonly checksum: bigint;
  /** Header plus payload: how many bytes a stream reader must collect for the whole block. */
  readonly totalBytes: number;
}

/**
 * Version 2 added the digest. Version-1 blocks are not read: the pool is a cache, so a block
 * of an older build (an SSD file left from before an upgrade) is a miss and is recomputed.
 */
export const BLOCK_FORMAT_VERSION = 2;
/** Byte length of a version-2 header; all fields little-endian, 8-byte aligned, the checksum last. */
export const headerBytes = 64;

const MAGIC = [0x54, 0x53, 0x4b, 0x56]; // "TSKV"
/** Field offsets; the magic occupies bytes 0–3. */
const at = {
  version: 4, // u16
  headerBytes: 6, // u16
  key: 8, // u64
  modelHash: 16, // u64
  blockSizeTokens: 24, // u32
  layers: 28, // u16
  kvHeads: 30, // u16
  headDim: 32, // u16
  dtype: 34, // u16 code, see DTYPE_CODES
  payloadBytes: 36, // u32
  digest: 40, // 16 bytes: lane A u64, lane B u64
  checksum: 56, // u64
} as const;
/** Offset of the u64 checksum: the header bytes before it seed the payload hash. */
export const CHECKSUM_OFFSET = at.checksum;
const DTYPE_CODES: Readonly<Record<BlockDtype, number>> = { f32: 1, f16: 2 };

/** XXH3-64 of the payload seeded with XXH3-64 of the header up to the checksum: covers both without concatenating them. */
export function blockChecksum(headerBeforeChecksum: Uint8Array, payload: Uint8Array): bigint {
  return xxh3.xxh64(payload, xxh3.xxh64(headerBeforeChecksum, 0n));
}

/** The header alone, so a sender can write header and payload as two writes without copying the payload. */
export function encodeBlockHeader(block: Block): Uint8Array {
  const layout = validateBlockLayout(block.layout);
  if (!layout.ok) throw new RangeError(`cannot encode block: layout ${layout.error.field} ${layout.error.reason}`);
  const expectedBytes = payloadBytes(layout.value);
  if (block.payload.length !== expectedBytes) {
    throw new RangeError(`cannot encode block: payload is ${block.payload.length} bytes, layout needs ${expectedBytes}`);
  }
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  header.set(MAGIC, 0);
  view.setUint16(at.version, BLOCK_FORMAT_VERSION, true);
  view.setUint16(at.headerBytes, headerBytes, true);
  view.setBigUint64(at.key, blockKeyToU64(block.key), true);
  view.setBigUint64(at.modelHash, modelHashToU64(block.modelHash), true);
  view.setUint32(at.blockSizeTokens, layout.value.blockSizeTokens, true);
  view.setUint16(at.layers, layout.value.layers, true);
  view.setUint16(at.kvHeads, layout.value.kvHeads, true);
  view.setUint16(at.headDim, layout.value.headDim, true);
  view.setUint16(at.dtype, DTYPE_CODES[layout.value.dtype], true);
  view.setUint32(at.payloadBytes, expectedBytes, true);
  blockDigestToBytes(block.digest ?? UNBOUND_BLOCK_DIGEST, view, at.digest);
  view.setBigUint64(at.checksum, blockChecksum(header.subarray(0, at.checksum), block.payload), true);
  return header;
}

/**
 * Reads and structurally checks a header; the payload need not have arrived yet. The checksum is
 * not verified here: `decodeBlock` does that once the whole block is present.
 */
export function decodeBlockHeader(bytes: Uint8Array): Result<BlockHeader, BlockCodecError> {
  const truncated = (): Result<never, BlockCodecError> => err({ kind: 'truncated', neededBytes: headerBytes, actualBytes: bytes.length });
  if (bytes.length < MAGIC.length) return truncated();
  if (MAGIC.some((byte, i) => bytes[i] !== byte)) {
    return err({ kind: 'bad-magic', actualHex: Buffer.from(bytes.subarray(0, MAGIC.length)).toString('hex') });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < at.version + 2) return truncated();
  const version = view.getUint16(at.version, true);
  if (version !== BLOCK_FORMAT_VERSION) return err({ kind: 'unsupported-version', version, supportedVersion: BLOCK_FORMAT_VERSION });
  if (bytes.length < headerBytes) return truncated();
  const declaredHeaderBytes = view.getUint16(at.headerBytes, true);
  if (declaredHeaderBytes !== headerBytes) {
    return err({ kind: 'length-mismatch', field: 'headerBytes', expected: headerBytes, actual: declaredHeaderBytes });
  }
  const payload = view.getUint32(at.payloadBytes, true);
  return ok({
    version,
    key: blockKeyFromU64(view.getBigUint64(at.key, true)),
    modelHash: modelHashFromU64(view.getBigUint64(at.modelHash, true)),
    layout: {
      layers: view.getUint16(at.layers, true),
      kvHeads: view.getUint16(at.kvHeads, true),
      headDim: view.getUint16(at.headDim, true),
      blockSizeTokens: view.getUint32(at.blockSizeTokens, true),
      dtype: dtypeOf(view.getUint16(at.dtype, true)),
    },
    payloadBytes: payload,
    digest: blockDigestFromBytes(view, at.digest),
    checksum: view.getBigUint64(at.checksum, true),
    totalBytes: headerBytes + payload,
  });
}

function dtypeOf(code: number): WireBlockLayout['dtype'] {
  const known = (Object.keys(DTYPE_CODES) as BlockDtype[]).find((dtype) => DTYPE_CODES[dtype] === code);
  return known ?? `unknown:${code}`;
}
