import { cutSequenceState, type KvRun, kvRunBytes, readSequenceState, type SequenceStateFrame, type ValueLayout, writeSequenceState } from '@tsukimi/engine-llamacpp';
import { expectOk } from '@tsukimi/result';
import { median, nowMs, progress, round } from '../lib/bench-stats';

/**
 * `tsukimi bench llamacpp-state`: how fast a llama.cpp sequence state is cut into blocks
 * (read + cut) and written back from them, against plain `Buffer.copy` of the same bytes in
 * the same run. Cutting and writing each move every byte once, so the round trip is compared
 * with two copies (out and back): a ratio of 1 means the layout work costs nothing beyond the
 * copies. The state has the KV shape of an 8B Llama (32 layers, 8 KV heads × 128, F16) and is
 * synthetic: the bytes do not matter, only the layout, which is llama.cpp's exactly. Every side
 * writes into memory allocated and touched beforehand.
 */
const LAYERS = 32;
const KV_DIM = 8 * 128;
const TOKENS = 1000;
const BLOCK_SIZE_TOKENS = 16;
const REPEATS = 7;

function syntheticState(valueLayout: ValueLayout): Uint8Array {
  const frame: SequenceStateFrame = { version: 3, streamCount: 1, streamIndex: 0, seqId: 0, layers: LAYERS, kvDim: KV_DIM, dtype: 'f16', valueLayout };
  const payload = new Uint8Array(kvRunBytes(frame, TOKENS));
  for (let i = 0; i < payload.length; i += 4096) payload[i] = (i >> 12) & 0xff;
  const tokens = Array.from({ length: TOKENS }, (_, i) => i % 32000);
  return writeSequenceState(frame, tokens, [{ payload, slots: TOKENS }]);
}

interface Sample {
  splitMs: number;
  reassembleMs: number;
  copyMs: number;
}

/** Preallocated, touched memory for every side, as the copy baseline has: the figure is the layout work, not page faults of fresh allocations. */
interface Targets {
  readonly copy: Buffer;
  readonly blocks: Uint8Array[];
  readonly state: Uint8Array;
}

function measure(bytes: Uint8Array, targets: Targets): Sample {
  const copyTarget = targets.copy;
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = nowMs();
  source.copy(copyTarget);
  const copyMs = nowMs() - start;

  start = nowMs();
  const state = expectOk(readSequenceState(bytes), 'read');
  let next = 0;
  const cut = cutSequenceState(state, BLOCK_SIZE_TOKENS, (size) => {
    const block = targets.blocks[next++];
    return block && block.length === size ? block : new Uint8Array(size);
  });
  const splitMs = nowMs() - start;

  start = nowMs();
  const runs: KvRun[] = cut.blocks.map((payload) => ({ payload, slots: BLOCK_SIZE_TOKENS }));
  if (cut.tail) runs.push(cut.tail);
  const rewritten = writeSequenceState(state.frame, state.tokens, runs, targets.state);
  const reassembleMs = nowMs() - start;

  if (!Buffer.from(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength).equals(source)) throw new Error('reassembled state differs from the original');
  return { splitMs, reassembleMs, copyMs };
}

function summarize(bytes: number, samples: Sample[]) {
  const split = median(samples.map((s) => s.splitMs));
  const reassemble = median(samples.map((s) => s.reassembleMs));
  const copy = median(samples.map((s) => s.copyMs));
  const gbPerS = (ms: number) => round(bytes / (ms / 1000) / 1e9, 2);
  return {
    split_gb_per_s: gbPerS(split),
    reassemble_gb_per_s: gbPerS(reassemble),
    copy_gb_per_s: gbPerS(copy),
    ratio: round((2 * copy) / (split + reassemble), 3),
  };
}

function main(): void {
  const results: Record<ValueLayout, ReturnType<typeof summarize>> = {} as never;
  for (const layout of ['transposed', 'rows'] as const) {
    const bytes = syntheticState(layout);
    const blockBytes = kvRunBytes({ layers: LAYERS, kvDim: KV_DIM, dtype: 'f16' }, BLOCK_SIZE_TOKENS);
    const targets: Targets = {
      copy: Buffer.alloc(bytes.length, 1),
      blocks: Array.from({ length: Math.floor(TOKENS / BLOCK_SIZE_TOKENS) }, () => new Uint8Array(blockBytes).fill(1)),
      state: new Uint8Array(bytes.length).fill(1),
    };
    measure(bytes, targets);
    const samples: Sample[] = [];
    for (let run = 0; run < REPEATS; run++) samples.push(measure(bytes, targets));
    results[layout] = summarize(bytes.length, samples);
    progress(`V ${layout}: ${JSON.stringify(results[layout])}`);
  }
  const stateBytes = syntheticState('rows').length;
  process.stdout.write(
    `${JSON.stringify({
      state_bytes: stateBytes,
      tokens: TOKENS,
      block_size_tokens: BLOCK_SIZE_TOKENS,
      shape: `${LAYERS} layers, kvDim ${KV_DIM}, f16`,
      baseline: '2 x Buffer.copy of the state (copy out, copy back)',
      split_reassemble_over_copy: results.transposed.ratio,
      split_reassemble_over_copy_v_rows: results.rows.ratio,
      v_transposed: results.transposed,
      v_rows: results.rows,
    })}\n`,
  );
}

main();
