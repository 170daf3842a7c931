/** What makes bytes unusable as a single-sequence state this package can cut into blocks. */
export type SequenceStateProblem =
  | 'truncated'
  | 'bad-magic'
  | 'unsupported-version'
  | 'token-count'
  | 'streams'
  | 'cells'
  | 'positions'
  | 'kv-type'
  | 'row-size'
  | 'trailing-bytes';

/**
 * A state file this reader cannot cut: corrupt, written by another llama.cpp format version,
 * or from a model whose memory is not one plain KV cache (sliding-window, recurrent and
 * M-RoPE models write more than this format describes).
 */
export interface SequenceStateInvalid {
  readonly kind: 'sequence-state-invalid';
  readonly problem: SequenceStateProblem;
  readonly detail: string;
  /** Byte offset where reading stopped. */
  readonly offset: number;
}
