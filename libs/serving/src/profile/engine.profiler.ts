import { type Engine, type SequenceId } from '@tsukimi/engine';
import { type DecodeStepSample, type PrefillSample } from '@tsukimi/scheduler';

/** This engine's timings, in the scheduler's sample types: what its prefill-time and decode-step models are fitted to. */
export interface EngineTimings {
  readonly prefill: readonly PrefillSample[];
  readonly decode: readonly DecodeStepSample[];
}

/** Keys of the profiler's prompts live in their own namespace: they never match a real request's. */
const PROFILE_TENANT = 'tsukimi-profile';
const REPEATS = 2;

/**
 * Times this engine on a small grid of prompt lengths, reuse and decode batch sizes, so the
 * conductor can fit the engine's prefill and decode-step models (see the scheduler's estimators)
 * from what this instance really does rather than from a stand-in. Each point is the fastest of a
 * few runs, after a warm-up: the aim is the engine's cost, not the noise of the moment.
 */
export async function profileEngine(engine: Engine, nowMs: () => number): Promise<EngineTimings> {
  const blockSize = engine.info.blockLayout.blockSizeTokens;
  const maxPrompt = Math.min(512, Math.floor(engine.info.contextTokens / 2));
  const lengths = [64, 256, 512].filter((n) => n <= maxPrompt);
  const tokens = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (i * 131 + seed * 7919) % 256);
  // WebAssembly kernels start on baseline code and are recompiled optimised once hot: warm up at
  // the longest length, twice, so the points below time the code requests will run. Seeds 200 and
  // 201 share no prefix with the timed prompts.
  for (let warm = 0; warm < 2; warm++) await timePrefill(engine, tokens(lengths[lengths.length - 1] ?? 64, 200 + warm), nowMs);

  const prefill: PrefillSample[] = [];
  for (const [index, length] of lengths.entries()) {
    for (const reuseShare of [0, 0.5]) {
      const reused = Math.floor((length * reuseShare) / blockSize) * blockSize;
      let best = Infinity;
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        // A fresh prompt per run, so nothing but the intended prefix is cached.
        const prompt = tokens(length, 1 + index * 16 + repeat * 4 + (reuseShare > 0 ? 2 : 0));
        if (reused > 0) await timePrefill(engine, prompt.slice(0, reused), nowMs);
        best = Math.min(best, await timePrefill(engine, prompt, nowMs));
      }
      prefill.push({ promptTokens: length, reusedTokens: reused, ms: best });
    }
  }

  const decode: DecodeStepSample[] = [];
  // A batch larger than the engine holds at once would wait on itself.
  for (const batchSize of [...new Set([1, Math.min(8, engine.info.maxSequences ?? 8)])]) {
    for (const context of [32, 256].filter((n) => n <= maxPrompt)) {
      const sequences: SequenceId[] = [];
      for (let i = 0; i < batchSize; i++) {
        const sequence = engine.openSequence(PROFILE_TENANT);
        sequences.push(sequence);
        await engine.prefill(sequence, tokens(context, 1000 + batchSize * 64 + i), { logits: 'none' });
      }
      let best = Infinity;
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        const start = nowMs();
        const stepped = await engine.decode(sequences.map((sequence) => ({ sequence, token: 65 })));
        if (stepped.ok) best = Math.min(best, nowMs() - start);
      }
      for (const sequence of sequences) engine.closeSequence(sequence);
      if (Number.isFinite(best)) decode.push({ batchSize, contextTokens: batchSize * context, stepMs: best });
    }
  }
  return { prefill, decode };
}

async function timePrefill(engine: Engine, prompt: readonly number[], nowMs: () => number): Promise<number> {
  const sequence = engine.openSequence(PROFILE_TENANT);
  try {
    const start = nowMs();
    await engine.prefill(sequence, prompt, { logits: 'last' });
    return nowMs() - start;
  } finally {
    engine.closeSequence(sequence);
  }
}
