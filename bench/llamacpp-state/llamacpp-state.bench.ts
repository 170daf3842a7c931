import { type ValueLayout } from '@tsukimi/engine-llamacpp';
import { progress } from '../lib/bench-stats';
import { runBench } from '../lib/bench-main';
import { llamacppStateArgs } from './llamacpp-state.args';
import { measure, type Sample, type StateShape, summarize, syntheticState, targetsFor } from './llamacpp-state.measure';

/**
 * `tsukimi bench llamacpp-state`: how fast a llama.cpp sequence state is cut into blocks
 * (read + cut) and written back from them, against plain `Buffer.copy` of the same bytes in
 * the same run. Cutting and writing each move every byte once, so the round trip is compared
 * with two copies (out and back): a ratio of 1 means the layout work costs nothing beyond the
 * copies. The state has the KV shape of an 8B Llama (32 layers, 8 KV heads × 128, F16) and is
 * synthetic: the bytes do not matter, only the layout, which is llama.cpp's exactly. Every side
 * writes into memory allocated and touched beforehand.
 */
const SHAPE: StateShape = { layers: 32, kvDim: 8 * 128, tokens: 1000, blockSizeTokens: 16 };
const REPEATS = 7;

function main(): void {
  const results = {} as Record<ValueLayout, ReturnType<typeof summarize>>;
  for (const layout of ['transposed', 'rows'] as const) {
    const bytes = syntheticState(SHAPE, layout);
    const targets = targetsFor(SHAPE, bytes);
    measure(bytes, targets, SHAPE.blockSizeTokens);
    const samples: Sample[] = [];
    for (let run = 0; run < REPEATS; run++) samples.push(measure(bytes, targets, SHAPE.blockSizeTokens));
    results[layout] = summarize(bytes.length, samples);
    progress(`V ${layout}: ${JSON.stringify(results[layout])}`);
  }
  process.stdout.write(
    `${JSON.stringify({
      state_bytes: syntheticState(SHAPE, 'rows').length,
      tokens: SHAPE.tokens,
      block_size_tokens: SHAPE.blockSizeTokens,
      shape: `${SHAPE.layers} layers, kvDim ${SHAPE.kvDim}, f16`,
      baseline: '2 x Buffer.copy of the state (copy out, copy back)',
      split_reassemble_over_copy: results.transposed.ratio,
      split_reassemble_over_copy_v_rows: results.rows.ratio,
      v_transposed: results.transposed,
      v_rows: results.rows,
    })}\n`,
  );
}

runBench(llamacppStateArgs, main);
