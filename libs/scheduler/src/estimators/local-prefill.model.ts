import { type QueuedPrefill } from '../instance.model';
import { predictPrefillMs, type PrefillCoefficients, usableReuseTokens } from './prefill-time.model';

/**
 * How a decode instance computes the prompts of requests it runs whole: in chunks of at most
 * `chunkTokens`, one chunk after each step of its batch, the prompts queued there taking turns
 * chunk by chunk. A step followed by a chunk is one gap between tokens for every stream there.
 */
export interface LocalPrefillModel {
  readonly prefill: PrefillCoefficients;
  readonly chunkTokens: number;
}

/** Chunks a prompt takes: at least one, since the last prompt token is always computed. */
export function chunksOf(model: LocalPrefillModel, work: QueuedPrefill): number {
  const computed = work.promptTokens - usableReuseTokens(work.promptTokens, work.reusedTokens);
  return Math.max(1, Math.ceil(computed / model.chunkTokens));
}

/** The longest chunk of a prompt: its last, which attends to every token before it. */
export function longestChunkMs(model: LocalPrefillModel, work: QueuedPrefill): number {
  const computed = work.promptTokens - usableReuseTokens(work.promptTokens, work.reusedTokens);
  const chunk = Math.min(computed, model.chunkTokens);
  return predictPrefillMs(model.prefill, work.promptTokens, work.promptTokens - chunk);
}

/** The longest chunk among `queued` and `added`: what lengthens a step on the instance while they are computed; 0 when none is. */
export function longestPendingChunkMs(model: LocalPrefillModel, queued: readonly QueuedPrefill[] | undefined, added?: QueuedPrefill): number {
  let ms = added === undefined ? 0 : longestChunkMs(model, added);
  if (queued === undefined) return ms;
  for (let i = 0; i < queued.length; i++) ms = Math.max(ms, longestChunkMs(model, queued[i]!));
  return ms;
}

/**
 * Turns of the batch loop (a step, then a chunk) until the last chunk of `own`, queued behind
 * `queued`: the prompts take turns, so each one ahead computes at most as many chunks as `own`
 * before `own` is done.
 */
export function turnsUntilDone(model: LocalPrefillModel, queued: readonly QueuedPrefill[] | undefined, own: QueuedPrefill): number {
  const chunks = chunksOf(model, own);
  let turns = chunks;
  if (queued === undefined) return turns;
  for (let i = 0; i < queued.length; i++) turns += Math.min(chunks, chunksOf(model, queued[i]!));
  return turns;
}
