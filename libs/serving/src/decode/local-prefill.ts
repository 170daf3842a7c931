import { type Engine, type EngineError, type SequenceId } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type PrefillChunkBound } from './prefill-chunk.bound';

/** A prompt computed on the decode instance itself. */
export interface LocalPrefillDone {
  /** Next-token logits after the last prompt token, for the first token. */
  readonly logits: Float32Array;
  /** Prompt tokens whose KV came from cached blocks (the engine's memory, or pool blocks imported into it). */
  readonly reusedTokens: number;
  readonly computedTokens: number;
  /** Chunks the prompt took: more than one where it was piggybacked between batch steps. */
  readonly chunks: number;
  /** Resolves once every chunk's full blocks are in the engine's memory (see `PrefillOutcome.sealed`); rejects if one failed to seal. */
  readonly sealed: Promise<void>;
}

export interface LocalPrefillSteps {
  /** Runs one chunk between two steps of the batch, never beside one. */
  onLoop<T>(work: () => Promise<T>): Promise<T>;
  /** The chunk's size now (the batch's step and the SLO decide it). */
  chunkTokens(): number;
  readonly bound: PrefillChunkBound;
  readonly monotonicMs: () => number;
}

/**
 * Computes `prompt` into the open, empty `sequence` chunk by chunk, each chunk between two decode
 * steps. The first chunk reaches past the prompt's cached blocks so the engine reuses them rather
 * than computing them (it reuses only on an empty sequence); chunking does not change the KV or
 * the logits, so the tokens equal a prefill instance's.
 */
export async function prefillLocally(engine: Engine, sequence: SequenceId, prompt: readonly number[], cachedTokens: number, steps: LocalPrefillSteps): Promise<Result<LocalPrefillDone, EngineError>> {
  let offset = 0;
  let reusedTokens = 0;
  let computedTokens = 0;
  let chunks = 0;
  let logits: Float32Array | undefined;
  const seals: Promise<void>[] = [];
  while (offset < prompt.length) {
    const start = offset;
    // Sized when its turn comes, after the step it follows: the batch may have changed meanwhile.
    const { filled: outcome, end } = await steps.onLoop(async () => {
      const end = Math.min(prompt.length, (start === 0 ? cachedTokens : start) + steps.chunkTokens());
      const startMs = steps.monotonicMs();
      const filled = await engine.prefill(sequence, prompt.slice(start, end), { logits: end === prompt.length ? 'last' : 'none' });
      if (filled.ok) steps.bound.record(filled.value.computedTokens, steps.monotonicMs() - startMs);
      return { filled, end };
    });
    if (!outcome.ok) return err(outcome.error);
    reusedTokens += outcome.value.reusedTokens;
    computedTokens += outcome.value.computedTokens;
    chunks += 1;
    if (outcome.value.sealed) seals.push(outcome.value.sealed);
    if (end === prompt.length) logits = outcome.value.logits[outcome.value.logits.length - 1];
    offset = end;
  }
  if (!logits) return err({ kind: 'empty-prompt' });
  return ok({ logits, reusedTokens, computedTokens, chunks, sealed: Promise.all(seals).then(() => undefined) });
}
