import { err, ok, type Result } from '@tsukimi/result';
import { type BlockCodecError, type WireBlockLayout } from './block-codec.error';
import { type BlockDigest } from './block-digest';
import { blockChecksum, CHECKSUM_OFFSET, decodeBlockHeader, encodeBlockHeader, headerBytes, type Block } from './block-header';
import { type BlockKey } from './block-key';
import { blockLayoutsEqual, payloadBytes, type BlockLayout } from './block-layout';
import { formatHex64 } from './hex64';
import { type ModelHash } from './model-hash';

/**
 * What the reader requires of a block; `key` is omitted when the reader does not know which block
 * it asked for, `digest` when it does not know the tokens the block holds.
 */
export interface BlockExpectation {
  readonly key?: BlockKey;
  readonly digest?: BlockDigest;
  readonly modelHash: ModelHash;
  readonly layout: BlockLayout;
}

/** A verified block. `payload` is a view into the decoded bytes, not a copy: it changes if they do. */
export type DecodedBlock = Block;

/** Header followed by payload in one buffer, for disk and for senders that want a single write. */
export function encodeBlock(block: Block): Uint8Array {
  const header = encodeBlockHeader(block);
  const bytes = new Uint8Array(header.length + block.payload.length);
  bytes.set(header, 0);
  bytes.set(block.payload, header.length);
  return bytes;
}

/**
 * Verifies one whole block, exactly `bytes` long. Structure and checksum come before the
 * expectations, so a corrupted header reads as corruption rather than as a block of another model.
 */
export function decodeBlock(bytes: Uint8Array, expected: BlockExpectation): Result<DecodedBlock, BlockCodecError> {
  const decoded = decodeBlockHeader(bytes);
  if (!decoded.ok) return decoded;
  const header = decoded.value;
  if (bytes.length < header.totalBytes) return err({ kind: 'truncated', neededBytes: header.totalBytes, actualBytes: bytes.length });
  if (bytes.length > header.totalBytes) {
    return err({ kind: 'length-mismatch', field: 'totalBytes', expected: header.totalBytes, actual: bytes.length });
  }
  const payload = bytes.subarray(headerBytes, header.totalBytes);
  const computed = blockChecksum(bytes.subarray(0, CHECKSUM_OFFSET), payload);
  if (computed !== header.checksum) {
    return err({ kind: 'checksum-mismatch', storedHex: formatHex64(header.checksum, 'checksum'), computedHex: formatHex64(computed, 'checksum') });
  }
  if (header.modelHash !== expected.modelHash) return err({ kind: 'model-mismatch', expected: expected.modelHash, actual: header.modelHash });
  if (!isKnownLayout(header.layout) || !blockLayoutsEqual(header.layout, expected.layout)) {
    return err({ kind: 'layout-mismatch', expected: expected.layout, actual: header.layout });
  }
  if (expected.key !== undefined && header.key !== expected.key) return err({ kind: 'key-mismatch', expected: expected.key, actual: header.key });
  if (expected.digest !== undefined && header.digest !== expected.digest) return err({ kind: 'digest-mismatch', expected: expected.digest, actual: header.digest });
  const layoutBytes = payloadBytes(expected.layout);
  if (header.payloadBytes !== layoutBytes) {
    return err({ kind: 'length-mismatch', field: 'payloadBytes', expected: layoutBytes, actual: header.payloadBytes });
  }
  return ok({ key: header.key, modelHash: header.modelHash, layout: expected.layout, payload, digest: header.digest });
}

function isKnownLayout(layout: WireBlockLayout): layout is BlockLayout {
  return !layout.dtype.startsWith('unknown:');
}
