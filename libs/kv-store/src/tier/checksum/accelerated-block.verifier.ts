import { xxh3 } from '@node-rs/xxhash';
import { decodeBlockHeader, headerBytes, payloadBytes, type BlockCodecError, type BlockLayout } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockVerifier } from '../../common/block-verifier';
import { type Xxh3Hasher } from './xxh3.hasher';

/** The checksum is the header's last field, a u64: it covers the header bytes before it and the payload. */
const CHECKSUM_OFFSET = headerBytes - 8;

const hex64 = (value: bigint): string => value.toString(16).padStart(16, '0');

/**
 * `verifyEncodedBlock`'s judgement (the same checks in the same order, the same errors) with
 * the payload's XXH3 computed by `hasher`. The checksum is nearly all of a read's CPU, and
 * @node-rs/xxhash's XXH3 is slower than the page cache. The spec checks both verifiers agree on
 * sound blocks and on every kind of damage, so a change to the block format fails it.
 */
export function acceleratedBlockVerifier(hasher: Xxh3Hasher): BlockVerifier {
  return (key, bytes): Result<void, BlockCodecError> => {
    const decoded = decodeBlockHeader(bytes);
    if (!decoded.ok) return decoded;
    const header = decoded.value;
    if (header.key !== key) return err({ kind: 'key-mismatch', expected: key, actual: header.key });
    if (bytes.length < header.totalBytes) return err({ kind: 'truncated', neededBytes: header.totalBytes, actualBytes: bytes.length });
    if (bytes.length > header.totalBytes) return err({ kind: 'length-mismatch', field: 'totalBytes', expected: header.totalBytes, actual: bytes.length });
    const seed = xxh3.xxh64(bytes.subarray(0, CHECKSUM_OFFSET), 0n);
    const computed = hasher.hash64(bytes.subarray(headerBytes, header.totalBytes), seed);
    if (computed !== header.checksum) return err({ kind: 'checksum-mismatch', storedHex: hex64(header.checksum), computedHex: hex64(computed) });
    // A dtype this build does not know fails decodeBlock's layout check against itself.
    const layout = header.layout as BlockLayout;
    if (header.layout.dtype.startsWith('unknown:')) return err({ kind: 'layout-mismatch', expected: layout, actual: header.layout });
    const expectedPayloadBytes = payloadBytes(layout);
    if (header.payloadBytes !== expectedPayloadBytes) return err({ kind: 'length-mismatch', field: 'payloadBytes', expected: expectedPayloadBytes, actual: header.payloadBytes });
    return ok(undefined);
  };
}
