export { type BlockKey, blockKeyFromU64, blockKeyToU64, blockKeyFromWords, blockKeyWord, parseBlockKey } from './block-key';
export { type ModelHash, modelHashFromU64, modelHashToU64, parseModelHash, hashModelBytes } from './model-hash';
export { type IdParseError } from './hex64';
export { type HashNamespace, type BlockHashOptions, deriveHashSeed, deriveDigestSeeds, blockHashOptions, digestLaneOptions } from './block-hash-seed';
export { type SaltScopes, scopedSalt, parseScopedSalt } from './scoped-salt';
export { type BlockDigest, UNBOUND_BLOCK_DIGEST, parseBlockDigest } from './block-digest';
export { BlockDigestHasher } from './block-digest.hasher';
export { type TokenSequence, BlockKeyHasher, blockKeys } from './block-key.hasher';
export { BlockKeySequence, blockKeysFromWords } from './block-key.sequence';
export { BlockKeyChain } from './block-key.chain';
export {
  type BlockDtype,
  type BlockLayout,
  type BlockLayoutError,
  bytesPerElement,
  payloadBytes,
  blockLayoutsEqual,
  validateBlockLayout,
} from './block-layout';
export { type BlockCodecError, type BlockCodecErrorKind, type WireBlockLayout } from './block-codec.error';
export { type Block, type BlockHeader, BLOCK_FORMAT_VERSION, headerBytes, encodeBlockHeader, decodeBlockHeader } from './block-header';
export { type BlockExpectation, type DecodedBlock, encodeBlock, decodeBlock } from './block.codec';
export { copyBlockBytes } from './block-bytes.copy';
