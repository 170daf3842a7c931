import { digestLaneOptions, type HashNamespace } from './block-hash-seed';
import { blockDigestFromWords, blockDigestWord, type BlockDigest } from './block-digest';
import { blockKeyFromWords, type BlockKey } from './block-key';
import { BlockKeyHasher, type TokenSequence } from './block-key.hasher';

/**
 * Computes chained block digests: two lanes, each the block key chain (`BlockKeyHasher`) under a
 * seed of its own derived from model, tenant salt and block size, so
 * `digest[i] = (laneA[i], laneB[i])` with `lane[i] = XXH3-64(lane[i-1] ‖ XXH3-64(tokens of block i))`.
 * Each lane runs in the same WebAssembly kernel as the keys, which keeps a digest at about the
 * cost of a key; a 128-bit XXH3 per block through the native binding costs tens of times more.
 * The lanes guard against accidental collision of 64-bit keys, not against an adversary who can
 * write blocks into the pool: the tenant salt and the pool's own access keep those apart.
 */
export class BlockDigestHasher {
  private readonly lanes: readonly [BlockKeyHasher, BlockKeyHasher];

  constructor(namespace: HashNamespace) {
    const [laneA, laneB] = digestLaneOptions(namespace);
    this.lanes = [new BlockKeyHasher(laneA), new BlockKeyHasher(laneB)];
  }

  get blockSizeTokens(): number {
    return this.lanes[0].blockSizeTokens;
  }

  /**
   * Digests of the full blocks of `tokens`, chained after `parent` (the digest of the block just
   * before `tokens`; omitted at the start of a sequence). `tokens` must begin on a block boundary,
   * block `firstBlock` of the sequence, which decides the scope of a scoped salt's blocks.
   */
  digests(tokens: TokenSequence, parent?: BlockDigest, firstBlock = 0): BlockDigest[] {
    const [a, b] = this.lanes;
    const wordsA = a.keyWords(tokens, parent === undefined ? undefined : laneParent(parent, 0), firstBlock);
    const wordsB = b.keyWords(tokens, parent === undefined ? undefined : laneParent(parent, 2), firstBlock);
    const digests = new Array<BlockDigest>(wordsA.length / 2);
    for (let i = 0; i < digests.length; i++) digests[i] = blockDigestFromWords(wordsA[2 * i]!, wordsA[2 * i + 1]!, wordsB[2 * i]!, wordsB[2 * i + 1]!);
    return digests;
  }
}

/** One lane of a digest in the form the key chain continues from. */
function laneParent(digest: BlockDigest, firstWord: 0 | 2): BlockKey {
  return blockKeyFromWords(blockDigestWord(digest, firstWord), blockDigestWord(digest, firstWord + 1));
}
