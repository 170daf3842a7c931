import { TRACE_BLOCK_SIZE_TOKENS, type TraceRequest } from './trace-request.model';

/** One block of a request at the replay's block size. */
export interface TraceBlock {
  /** Equal ids mean the same tokens from the start of the request to the end of this block. */
  readonly id: string;
  /** Position in the request, from 0. */
  readonly blockIndex: number;
  /** The trace's id of the 512-token block holding this block's last token. */
  readonly hashId: number;
}

/**
 * The blocks of a request at `blockSizeTokens`, the last one partial as in the trace.
 *
 * The trace names only 512-token prefixes, so a block of another size is identified by its
 * position and the id of the 512-token block that holds its last token: equal ids there mean
 * equal tokens up to the end of that 512-token block, hence up to the end of this block too.
 * The rule is sound (it never calls two different prefixes equal) and conservative: blocks
 * that end inside a 512-token block the requests do not share count as different even when
 * their own tokens agree, because the trace cannot tell. At 512 the blocks are the trace's own.
 */
export function traceBlocks(request: TraceRequest, blockSizeTokens: number): TraceBlock[] {
  const count = Math.ceil(request.inputLengthTokens / blockSizeTokens);
  const blocks: TraceBlock[] = new Array<TraceBlock>(count);
  for (let i = 0; i < count; i++) {
    const lastToken = Math.min((i + 1) * blockSizeTokens, request.inputLengthTokens) - 1;
    const hashId = request.hashIds[Math.floor(lastToken / TRACE_BLOCK_SIZE_TOKENS)]!;
    blocks[i] = { id: `${i}:${hashId}`, blockIndex: i, hashId };
  }
  return blocks;
}
