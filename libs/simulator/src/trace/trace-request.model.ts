/** Tokens per block behind a trace's `hash_ids`, fixed by the Mooncake trace format. */
export const TRACE_BLOCK_SIZE_TOKENS = 512;

/**
 * One request of a trace in the Mooncake format. `hashIds[i]` names the prefix up to and
 * including 512-token block `i`: equal ids at the same position mean the same tokens so far.
 * The last block is partial when `inputLengthTokens` is not a multiple of 512.
 */
export interface TraceRequest {
  /** Arrival time from the start of the trace. */
  readonly timestampMs: number;
  readonly inputLengthTokens: number;
  readonly outputLengthTokens: number;
  /** `ceil(inputLengthTokens / 512)` ids, one per 512-token block. */
  readonly hashIds: readonly number[];
}
