import { blockKeyKernel, KERNEL_MAX_BLOCK_BYTES, KERNEL_MIN_BLOCK_BYTES, KERNEL_PAGES, KERNEL_PARENT_OFFSET, KERNEL_TOKENS_OFFSET } from './block-key.kernel';

const PAGE_BYTES = 65536;
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Runs the block key kernel: copies token ids into its memory and reads the chained keys back,
 * as many blocks per call as its memory holds. Absent (`create` gives undefined) for block sizes
 * the kernel does not cover, and on a big-endian host, whose typed arrays would not lay the
 * tokens out as u32 LE.
 */
export class BlockKeyBatch {
  private readonly chain: (tokens: number, blocks: number, out: number) => void;
  private readonly words: Uint32Array;
  private readonly blockWords: number;
  private readonly blocksPerCall: number;

  private constructor(bytes: Uint8Array, blockSizeTokens: number) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as { chain: BlockKeyBatch['chain']; memory: WebAssembly.Memory };
    this.chain = exports.chain;
    this.words = new Uint32Array(exports.memory.buffer);
    this.blockWords = blockSizeTokens;
    this.blocksPerCall = Math.floor((KERNEL_PAGES * PAGE_BYTES - KERNEL_TOKENS_OFFSET) / (blockSizeTokens * 4 + 8));
  }

  static create(blockSizeTokens: number, seed: bigint): BlockKeyBatch | undefined {
    const blockBytes = blockSizeTokens * 4;
    if (!LITTLE_ENDIAN_HOST || blockBytes < KERNEL_MIN_BLOCK_BYTES || blockBytes > KERNEL_MAX_BLOCK_BYTES) return undefined;
    return new BlockKeyBatch(blockKeyKernel(blockBytes, seed), blockSizeTokens);
  }

  /**
   * Writes the keys of `out.length / 2` full blocks of `tokens`, from token `fromToken` on, into
   * `out` (high word, then low word, per block), chained after the parent key whose words are
   * `parentHi`, `parentLo`. Token ids are checked to be u32 unless they come in a `Uint32Array`,
   * which holds nothing else.
   */
  keyWords(tokens: ArrayLike<number>, parentHi: number, parentLo: number, out: Uint32Array, fromToken = 0): void {
    const words = this.words;
    const tokensAt = KERNEL_TOKENS_OFFSET / 4;
    const count = out.length / 2;
    for (let first = 0; first < count; first += this.blocksPerCall) {
      const blocks = Math.min(this.blocksPerCall, count - first);
      const tokenCount = blocks * this.blockWords;
      const start = fromToken + first * this.blockWords;
      if (tokens instanceof Uint32Array) words.set(tokens.subarray(start, start + tokenCount), tokensAt);
      else copyTokens(tokens, start, tokenCount, words, tokensAt);
      words[KERNEL_PARENT_OFFSET / 4] = first === 0 ? parentLo : out[2 * first - 1]!;
      words[KERNEL_PARENT_OFFSET / 4 + 1] = first === 0 ? parentHi : out[2 * first - 2]!;
      const outAt = tokensAt + tokenCount;
      this.chain(KERNEL_TOKENS_OFFSET, blocks, outAt * 4);
      out.set(words.subarray(outAt, outAt + 2 * blocks), 2 * first);
    }
  }
}

function copyTokens(tokens: ArrayLike<number>, start: number, count: number, into: Uint32Array, at: number): void {
  for (let i = 0; i < count; i++) {
    const token = tokens[start + i];
    if (token === undefined || token >>> 0 !== token) throw new RangeError(`token ids must be u32 integers, got ${token}`);
    into[at + i] = token;
  }
}
