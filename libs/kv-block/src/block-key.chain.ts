import { blockKeyFromU64, blockKeyToU64, type BlockKey } from './block-key';
import { writeToken, type BlockKeyHasher, type TokenSequence } from './block-key.hasher';

/**
 * A growing sequence's block keys, extended token by token as decode produces them: a block is
 * sealed, and its key computed once, when its last token arrives. Earlier blocks are never rehashed.
 * Partial-block tokens stay pending and have no key.
 */
export class BlockKeyChain {
  private readonly sealed: BlockKey[];
  private previous: bigint;
  private readonly pendingBytes: Uint8Array;
  private readonly pendingView: DataView;
  private pending = 0;

  /** `prefix` is the key chain already computed for the sequence (e.g. by prefill), ending on a block boundary. */
  constructor(
    private readonly hasher: BlockKeyHasher,
    prefix: readonly BlockKey[] = [],
  ) {
    this.sealed = [...prefix];
    const last = prefix[prefix.length - 1];
    this.previous = last === undefined ? 0n : blockKeyToU64(last);
    this.pendingBytes = new Uint8Array(hasher.blockSizeTokens * 4);
    this.pendingView = new DataView(this.pendingBytes.buffer);
  }

  get keys(): readonly BlockKey[] {
    return this.sealed;
  }

  get lastKey(): BlockKey | undefined {
    return this.sealed[this.sealed.length - 1];
  }

  get pendingTokenCount(): number {
    return this.pending;
  }

  /** Returns the key of the block this token completed, if it completed one. */
  append(token: number): BlockKey | undefined {
    return this.push(token);
  }

  /** Returns the keys of the blocks these tokens completed, in order. */
  appendAll(tokens: TokenSequence): BlockKey[] {
    const completed: BlockKey[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const key = this.push(tokens[i]);
      if (key !== undefined) completed.push(key);
    }
    return completed;
  }

  private push(token: number | undefined): BlockKey | undefined {
    writeToken(this.pendingView, this.pending, token);
    this.pending += 1;
    if (this.pending < this.hasher.blockSizeTokens) return undefined;
    this.pending = 0;
    this.previous = this.hasher.linkAt(this.sealed.length, this.previous, this.pendingBytes);
    const key = blockKeyFromU64(this.previous);
    this.sealed.push(key);
    return key;
  }
}
