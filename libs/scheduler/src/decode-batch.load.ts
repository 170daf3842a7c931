import { type DecodeBatchLoad, type DecodeWork } from './instance.model';

/** The batch's totals, for a snapshot's `decodeBatchLoad`. */
export function decodeBatchLoad(batch: readonly DecodeWork[]): DecodeBatchLoad {
  let contextTokens = 0;
  let fewestRemainingTokens = Infinity;
  let wholeTokens = true;
  for (let i = 0; i < batch.length; i++) {
    const work = batch[i]!;
    contextTokens += work.contextTokens;
    if (work.remainingTokens < fewestRemainingTokens) fewestRemainingTokens = work.remainingTokens;
    if (!Number.isInteger(work.contextTokens)) wholeTokens = false;
  }
  return { requests: batch.length, contextTokens, fewestRemainingTokens, wholeTokens };
}
