import { xxh3 } from '@node-rs/xxhash';
import { assertBlockSizeTokens, type BlockHashOptions } from './block-hash-seed';
import { BlockKeyBatch } from './block-key.batch';
import { type BlockKey, blockKeyWord } from './block-key';
import { BlockKeySequence } from './block-key.sequence';
import { U64_MAX } from './hex64';

/** Token ids as the tokenizer produced them; each must be a u32. */
export type TokenSequence = ArrayLike<number>;

/**
 * Computes chained block keys:
 * `local[i] = XXH3-64(tokens of block i as u32 LE, seed)`,
 * `key[i] = XXH3-64(key[i-1] as u64 LE ‖ local[i] as u64 LE, seed)`, `key[-1] = 0`.
 * Only full blocks get a key, since only full blocks are cached. With `shared` options (a group's
 * shared prefix), blocks before `shared.blocks` are hashed under the shared seed and the chain
 * goes on from the last of them under `seed`: a tenant's later keys depend on the group's prefix,
 * and its own salt keeps them apart from every other member's.
 *
 * A prompt is hashed in one call into a WebAssembly kernel (for blocks of 5–60 tokens), not two
 * native calls per block, which cost more than the hashing itself. Holds scratch buffers so
 * hashing allocates nothing per token; create one per hash namespace and reuse it. Not
 * reentrant, which single-threaded callers never notice.
 */
export class BlockKeyHasher {
  readonly seed: bigint;
  readonly blockSizeTokens: number;
  private readonly tokenBytes: Uint8Array;
  private readonly tokenView: DataView;
  private readonly linkBytes = new Uint8Array(16);
  private readonly linkView = new DataView(this.linkBytes.buffer);
  private readonly batch: BlockKeyBatch | undefined;
  /** The hasher of the shared-prefix scope and how many leading blocks it keys; absent, every block is keyed under `seed`. */
  private readonly shared: { readonly hasher: BlockKeyHasher; readonly blocks: number } | undefined;

  constructor(options: BlockHashOptions) {
    if (options.seed < 0n || options.seed > U64_MAX) throw new RangeError(`seed must be a u64, got ${options.seed}`);
    assertBlockSizeTokens(options.blockSizeTokens);
    this.seed = options.seed;
    this.blockSizeTokens = options.blockSizeTokens;
    this.tokenBytes = new Uint8Array(options.blockSizeTokens * 4);
    this.tokenView = new DataView(this.tokenBytes.buffer);
    this.batch = BlockKeyBatch.create(options.blockSizeTokens, options.seed);
    const shared = options.shared;
    if (shared !== undefined && (!Number.isInteger(shared.blocks) || shared.blocks < 0)) throw new RangeError(`shared.blocks must be a whole number, got ${shared.blocks}`);
    this.shared = shared === undefined || shared.blocks === 0 ? undefined : { hasher: new BlockKeyHasher({ seed: shared.seed, blockSizeTokens: options.blockSizeTokens }), blocks: shared.blocks };
  }

  /** How many leading blocks of a sequence are keyed in the shared scope (0 when none). */
  get sharedBlocks(): number {
    return this.shared?.blocks ?? 0;
  }

  /**
   * Keys of the full blocks of `tokens`, chained after `parent` (the last key of the blocks that
   * precede `tokens`; omitted at the start of a sequence). `tokens` must begin on a block boundary,
   * block `firstBlock` of the sequence (0 unless `parent` is given), which decides the blocks' scope.
   */
  keys(tokens: TokenSequence, parent?: BlockKey, firstBlock = 0): BlockKey[] {
    return this.keysWithWords(tokens, parent, firstBlock).keys;
  }

  /** Both forms of the keys from one hashing: the strings to send, the words (as `keyWords`) to look up. */
  keysWithWords(tokens: TokenSequence, parent?: BlockKey, firstBlock = 0): { readonly keys: BlockKey[]; readonly words: Uint32Array } {
    const sequence = this.sequence(tokens, parent, firstBlock);
    return { keys: sequence.keys, words: sequence.words };
  }

  /** The keys as words, their text spelled only if asked for: for callers that look most keys up and send few on. */
  sequence(tokens: TokenSequence, parent?: BlockKey, firstBlock = 0): BlockKeySequence {
    return new BlockKeySequence(this.keyWords(tokens, parent, firstBlock));
  }

  /**
   * The same keys as numbers, two words a block: block `i`'s key is `words[2i]` (its high 32
   * bits) then `words[2i + 1]` (its low 32 bits), the value its `BlockKey` spells in hex. For
   * callers that look keys up rather than send them: no string is made.
   */
  keyWords(tokens: TokenSequence, parent?: BlockKey, firstBlock = 0): Uint32Array {
    const blocks = Math.floor(tokens.length / this.blockSizeTokens);
    const words = new Uint32Array(2 * blocks);
    const parentHi = parent === undefined ? 0 : blockKeyWord(parent, 0);
    const parentLo = parent === undefined ? 0 : blockKeyWord(parent, 8);
    const sharedBlocks = Math.min(this.sharedBlocks - firstBlock, blocks);
    if (this.shared === undefined || sharedBlocks <= 0) {
      this.ownKeyWords(tokens, 0, parentHi, parentLo, words);
      return words;
    }
    this.shared.hasher.ownKeyWords(tokens, 0, parentHi, parentLo, words.subarray(0, 2 * sharedBlocks));
    const [lastHi, lastLo] = [words[2 * sharedBlocks - 2]!, words[2 * sharedBlocks - 1]!];
    this.ownKeyWords(tokens, sharedBlocks * this.blockSizeTokens, lastHi, lastLo, words.subarray(2 * sharedBlocks));
    return words;
  }

  /** Keys of `out.length / 2` blocks from token `fromToken` on, every one under this hasher's own seed, chained after the parent's words, into `out`. */
  private ownKeyWords(tokens: TokenSequence, fromToken: number, parentHi: number, parentLo: number, out: Uint32Array): void {
    if (this.batch !== undefined) this.batch.keyWords(tokens, parentHi, parentLo, out, fromToken);
    else this.linkEach(tokens, fromToken, (BigInt(parentHi) << 32n) | BigInt(parentLo), out);
  }

  /** Block by block through the native hash, for block sizes the kernel does not cover. */
  private linkEach(tokens: TokenSequence, fromToken: number, parent: bigint, out: Uint32Array): void {
    const size = this.blockSizeTokens;
    let previous = parent;
    for (let block = 0; block < out.length / 2; block++) {
      const start = fromToken + block * size;
      for (let i = 0; i < size; i++) writeToken(this.tokenView, i, tokens[start + i]);
      previous = this.link(previous, this.tokenBytes);
      out[2 * block] = Number(previous >> 32n);
      out[2 * block + 1] = Number(previous & 0xffffffffn);
    }
  }

  /** `link` for block `blockIndex` of a sequence, in the scope that block is keyed in. */
  linkAt(blockIndex: number, parent: bigint, tokenBytes: Uint8Array): bigint {
    return this.shared !== undefined && blockIndex < this.shared.blocks ? this.shared.hasher.link(parent, tokenBytes) : this.link(parent, tokenBytes);
  }

  /** The key of a block whose tokens are already laid out as u32 LE in `tokenBytes`, under this hasher's own seed. */
  link(parent: bigint, tokenBytes: Uint8Array): bigint {
    if (tokenBytes.length !== this.blockSizeTokens * 4) {
      throw new RangeError(`a block is ${this.blockSizeTokens * 4} token bytes, got ${tokenBytes.length}`);
    }
    const local = xxh3.xxh64(tokenBytes, this.seed);
    this.linkView.setBigUint64(0, parent, true);
    this.linkView.setBigUint64(8, local, true);
    return xxh3.xxh64(this.linkBytes, this.seed);
  }
}

/** Writes one token as u32 LE, refusing values a u32 cannot hold rather than silently wrapping them. */
export function writeToken(view: DataView, index: number, token: number | undefined): void {
  if (token === undefined || token >>> 0 !== token) throw new RangeError(`token ids must be u32 integers, got ${token}`);
  view.setUint32(index * 4, token, true);
}

/** One-off form of `BlockKeyHasher.keys`; hot paths should keep a hasher instead. */
export function blockKeys(tokens: TokenSequence, options: BlockHashOptions & { readonly parent?: BlockKey }): BlockKey[] {
  return new BlockKeyHasher(options).keys(tokens, options.parent);
}
