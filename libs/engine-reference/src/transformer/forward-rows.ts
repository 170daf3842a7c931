import { type BlockId } from '../kv/block-id';

/**
 * One forward pass's input: a token at a position of some sequence, per row. Rows of
 * one sequence may be consecutive positions (a prefill chunk); rows of different
 * sequences form a decode batch. Each row's K/V goes to its slot in its block table.
 */
export interface ForwardRows {
  readonly tokens: ArrayLike<number>;
  readonly positions: ArrayLike<number>;
  readonly tables: readonly (readonly BlockId[])[];
  /**
   * Whether a row writes its K/V. A row re-evaluated only for its logits (its K/V is
   * already cached, possibly in a shared block) must not write.
   */
  readonly writeKv: ArrayLike<boolean>;
  /** Rows whose next-token logits are wanted, in the order they are returned. */
  readonly logitRows: readonly number[];
}
