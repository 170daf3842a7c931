import { cutSequenceState, type KvRun, kvRunBytes, readSequenceState, type SequenceStateFrame, type ValueLayout, writeSequenceState } from '@tsukimi/engine-llamacpp';
import { expectOk } from '@tsukimi/result';
import { median, nowMs, round } from '../lib/bench-stats';

/** The state's KV shape and length, and the block size it is cut into. */
export interface StateShape {
  readonly layers: number;
  readonly kvDim: number;
  readonly tokens: number;
  readonly blockSizeTokens: number;
}

/** A llama.cpp sequence state of `shape`, F16, in llama.cpp's layout exactly; its bytes are arbitrary. */
export function syntheticState(shape: StateShape, valueLayout: ValueLayout): Uint8Array {
  const frame: SequenceStateFrame = { version: 3, streamCount: 1, streamIndex: 0, seqId: 0, layers: shape.layers, kvDim: shape.kvDim, dtype: 'f16', valueLayout };
  const payload = new Uint8Array(kvRunBytes(frame, shape.tokens));
  for (let i = 0; i < payload.length; i += 4096) payload[i] = (i >> 12) & 0xff;
  const tokens = Array.from({ length: shape.tokens }, (_, i) => i % 32000);
  return writeSequenceState(frame, tokens, [{ payload, slots: shape.tokens }]);
}

export interface Sample {
  readonly splitMs: number;
  readonly reassembleMs: number;
  readonly copyMs: number;
}

/** Preallocated, touched memory for every side, as the copy baseline has: the figure is the layout work, not page faults of fresh allocations. */
export interface Targets {
  readonly copy: Buffer;
  readonly blocks: Uint8Array[];
  readonly state: Uint8Array;
}

export function targetsFor(shape: StateShape, bytes: Uint8Array): Targets {
  const blockBytes = kvRunBytes({ layers: shape.layers, kvDim: shape.kvDim, dtype: 'f16' }, shape.blockSizeTokens);
  return {
    copy: Buffer.alloc(bytes.length, 1),
    blocks: Array.from({ length: Math.floor(shape.tokens / shape.blockSizeTokens) }, () => new Uint8Array(blockBytes).fill(1)),
    state: new Uint8Array(bytes.length).fill(1),
  };
}

/**
 * One timed round: the baseline copies the whole state once; the cut reads and cuts it into
 * blocks, the reassembly writes it back from them, and must give the same bytes.
 */
export function measure(bytes: Uint8Array, targets: Targets, blockSizeTokens: number): Sample {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = nowMs();
  source.copy(targets.copy);
  const copyMs = nowMs() - start;

  start = nowMs();
  const state = expectOk(readSequenceState(bytes), 'read');
  let next = 0;
  const cut = cutSequenceState(state, blockSizeTokens, (size) => {
    const block = targets.blocks[next++];
    return block && block.length === size ? block : new Uint8Array(size);
  });
  const splitMs = nowMs() - start;

  start = nowMs();
  const runs: KvRun[] = cut.blocks.map((payload) => ({ payload, slots: blockSizeTokens }));
  if (cut.tail) runs.push(cut.tail);
  const rewritten = writeSequenceState(state.frame, state.tokens, runs, targets.state);
  const reassembleMs = nowMs() - start;

  if (!Buffer.from(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength).equals(source)) throw new Error('reassembled state differs from the original');
  return { splitMs, reassembleMs, copyMs };
}

export function summarize(bytes: number, samples: readonly Sample[]) {
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
