import { decodeBlock, decodeBlockHeader, type BlockCodecError, type BlockKey, type BlockLayout } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';

/**
 * Decides whether bytes are a sound encoded block for `key`. Tiers know nothing of models, so the
 * default checks structure, key and checksum only; a reader that knows its model checks the rest.
 */
export type BlockVerifier = (key: BlockKey, bytes: Uint8Array) => Result<void, BlockCodecError>;

/** Header, key, length and checksum, judged against the block's own header. */
export const verifyEncodedBlock: BlockVerifier = (key, bytes) => {
  const header = decodeBlockHeader(bytes);
  if (!header.ok) return header;
  if (header.value.key !== key) return err({ kind: 'key-mismatch', expected: key, actual: header.value.key });
  // An unknown dtype fails decodeBlock's layout check, which is the answer we want for it.
  const layout = header.value.layout as BlockLayout;
  const decoded = decodeBlock(bytes, { key, modelHash: header.value.modelHash, layout });
  return decoded.ok ? ok(undefined) : decoded;
};
