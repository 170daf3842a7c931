import { type SequenceId } from '@tsukimi/engine';
import { BlockKeyChain, type BlockKeyHasher } from '@tsukimi/kv-block';
import { type BlockId } from '../kv/block-id';


/**
 * One sequence's place in the arena: its tokens, the block holding each run of
 * `blockSizeTokens` positions, and the chained keys of its full blocks.
 */
export class KvSequence {
  readonly tokens: number[] = [];
  readonly table: BlockId[] = [];
  chain: BlockKeyChain;

  constructor(
    readonly id: SequenceId,
    readonly hasher: BlockKeyHasher,
  ) {
    this.chain = new BlockKeyChain(hasher);
  }

  get lengthTokens(): number {
    return this.tokens.length;
  }
}
