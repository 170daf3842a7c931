import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argmax, type SequenceId } from '@tsukimi/engine';
import { ReferenceEngine, type ReferenceEngineOptions } from '@tsukimi/engine-reference';
import { generateTinyModel } from '@tsukimi/llama-model';
import { LlamaCppOracle } from '@tsukimi/engine-llamacpp';
import { expectOk } from '@tsukimi/result';
import { median, nowMs, progress, round } from '../lib/bench-stats';

/**
 * `tsukimi bench engine`: the reference engine's prefill and decode throughput on the tiny
 * model, against llama.cpp (one thread, flash attention off) on the same GGUF, measured
 * interleaved in one run so machine noise hits both alike.
 */
const PROMPT_TOKENS = 512;
const REPEATS = 9;
const DECODE_STEPS = 64;
const DECODE_PROMPT_TOKENS = 64;

function tokens(count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, i) => (((i * 131 + salt * 31 + 7) % 256) + 256) % 256);
}

function prefillMs(engine: ReferenceEngine, run: number): number {
  const sequence = engine.openSequence(`bench-${run}`);
  const start = nowMs();
  expectOk(engine.prefillNow(sequence, tokens(PROMPT_TOKENS, run)), 'prefill');
  const elapsed = nowMs() - start;
  engine.closeSequence(sequence);
  return elapsed;
}

function decodeTokensPerS(engine: ReferenceEngine, batch: number, run: number): number {
  const sequences: { id: SequenceId; token: number }[] = [];
  for (let i = 0; i < batch; i++) {
    const id = engine.openSequence(`decode-${run}-${i}`);
    const logits = expectOk(engine.prefillNow(id, tokens(DECODE_PROMPT_TOKENS, run * 1000 + i)), 'prefill').logits;
    sequences.push({ id, token: argmax(logits[0]!) });
  }
  const start = nowMs();
  for (let step = 0; step < DECODE_STEPS; step++) {
    const logits = expectOk(engine.decodeNow(sequences.map((s) => ({ sequence: s.id, token: s.token }))), 'decode');
    logits.forEach((l, i) => (sequences[i]!.token = argmax(l)));
  }
  const elapsedS = (nowMs() - start) / 1000;
  for (const s of sequences) engine.closeSequence(s.id);
  return (batch * DECODE_STEPS) / elapsedS;
}

async function main(): Promise<void> {
  const modelArg = process.argv.indexOf('--model');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-engine-'));
  const modelPath = modelArg > 0 ? process.argv[modelArg + 1]! : path.join(dir, 'tiny.gguf');
  if (modelArg < 0) fs.writeFileSync(modelPath, generateTinyModel());
  const bytes = fs.readFileSync(modelPath);
  const options: Partial<ReferenceEngineOptions> = { arenaBlocks: 2048, prefillChunkTokens: PROMPT_TOKENS };
  const engine = expectOk(ReferenceEngine.fromGguf(bytes, options), 'load');
  progress(`model ${engine.modelId}; starting llama.cpp`);
  const oracle = await LlamaCppOracle.start(modelPath);
  try {
    const ours: number[] = [];
    const llama: { prefillMs: number; decodeMsPerToken: number }[] = [];
    prefillMs(engine, -1);
    await oracle.time(tokens(PROMPT_TOKENS, -1), 8, 1);
    for (let run = 0; run < REPEATS; run++) {
      ours.push(prefillMs(engine, run));
      llama.push(await oracle.time(tokens(PROMPT_TOKENS, run), DECODE_STEPS, 1));
      progress(`prefill ${run + 1}/${REPEATS}: ours ${round(ours[run]!, 1)} ms, llama.cpp ${round(llama[run]!.prefillMs, 1)} ms`);
    }
    const decode: Record<number, number> = {};
    for (const batch of [1, 8, 32]) {
      decode[batch] = median([0, 1, 2].map((run) => decodeTokensPerS(engine, batch, run)));
      progress(`decode batch ${batch}: ${round(decode[batch]!, 0)} tokens/s`);
    }
    const oursPrefill = (PROMPT_TOKENS * 1000) / median(ours);
    const llamaPrefill = (PROMPT_TOKENS * 1000) / median(llama.map((l) => l.prefillMs));
    const result = {
      model: engine.modelId,
      prompt_tokens: PROMPT_TOKENS,
      prefill_tokens_per_s: round(oursPrefill, 0),
      decode_tokens_per_s_batch1: round(decode[1]!, 0),
      decode_tokens_per_s_batch8: round(decode[8]!, 0),
      decode_tokens_per_s_batch32: round(decode[32]!, 0),
      llamacpp_prefill_tokens_per_s: round(llamaPrefill, 0),
      llamacpp_decode_tokens_per_s_batch1: round(1000 / median(llama.map((l) => l.decodeMsPerToken)), 0),
      prefill_ratio_llamacpp_over_ours: round(llamaPrefill / oursPrefill, 2),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await oracle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench engine failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
