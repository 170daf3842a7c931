import { LLAMA_STATE_SEQ_MAGIC } from './sequence-state.reader';
import { GGML_TYPE_CODES, KV_ELEMENT_BYTES, type KvRun, kvRunBytes, type SequenceStateFrame } from './sequence-state.types';
import { type MatrixBand, moveBands } from './matrix-band.copy';
import { StridedCopier } from './strided.copy';

/** Fixed bytes around each layer's K or V data: i32 type and u64 row size, or i32 type, u32 element size and u32 n_embd_v. */
const PLANE_HEADER_BYTES = 12;
const CELL_BYTES = 12;

/** Size of the state file `writeSequenceState` produces for `tokenCount` tokens. */
export function sequenceStateBytes(frame: SequenceStateFrame, tokenCount: number): number {
  const head = 12 + 4 * tokenCount + 4 + 4 * frame.streamCount;
  if (tokenCount === 0) return head;
  return head + CELL_BYTES * tokenCount + 8 + frame.layers * 2 * PLANE_HEADER_BYTES + kvRunBytes(frame, tokenCount);
}

/**
 * Writes a sequence state (the format `readSequenceState` describes) holding `tokens`,
 * whose KV comes from `runs` in order: run after run, the first `tokens.length` slots.
 * Cell i holds position i. Reading a state written by llama.cpp with its cells in
 * position order, cutting it and writing it again gives the same bytes.
 */
export function writeSequenceState(frame: SequenceStateFrame, tokens: readonly number[], runs: readonly KvRun[], target?: Uint8Array): Uint8Array {
  const count = tokens.length;
  const available = runs.reduce((sum, run) => sum + run.slots, 0);
  if (available < count) throw new RangeError(`runs hold ${available} token slots, ${count} tokens need KV`);
  for (const run of runs) {
    if (run.payload.length !== kvRunBytes(frame, run.slots)) throw new RangeError(`a run of ${run.slots} slots must be ${kvRunBytes(frame, run.slots)} bytes, got ${run.payload.length}`);
  }
  const size = sequenceStateBytes(frame, count);
  if (target && target.length !== size) throw new RangeError(`a state of ${count} tokens is ${size} bytes, the target ${target.length}`);
  const bytes = target ?? new Uint8Array(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = (value: number): void => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const i32 = (value: number): void => {
    view.setInt32(at, value, true);
    at += 4;
  };
  u32(LLAMA_STATE_SEQ_MAGIC);
  u32(frame.version);
  u32(count);
  for (const token of tokens) i32(token);
  u32(frame.streamCount);
  for (let stream = 0; stream < frame.streamCount; stream++) {
    if (stream !== frame.streamIndex || count === 0) {
      u32(0);
      continue;
    }
    u32(count);
    for (let cell = 0; cell < count; cell++) {
      i32(cell);
      u32(1);
      i32(frame.seqId);
    }
    u32(frame.valueLayout === 'transposed' ? 1 : 0);
    u32(frame.layers);
    const element = KV_ELEMENT_BYTES[frame.dtype];
    const row = frame.kvDim * element;
    const keyOffsets: number[] = [];
    const valueOffsets: number[] = [];
    for (let layer = 0; layer < frame.layers; layer++) {
      i32(GGML_TYPE_CODES[frame.dtype]);
      view.setBigUint64(at, BigInt(row), true);
      at += 8;
      keyOffsets.push(at);
      at += count * row;
    }
    for (let layer = 0; layer < frame.layers; layer++) {
      i32(GGML_TYPE_CODES[frame.dtype]);
      if (frame.valueLayout === 'transposed') {
        u32(element);
        u32(frame.kvDim);
      } else {
        view.setBigUint64(at, BigInt(row), true);
        at += 8;
      }
      valueOffsets.push(at);
      at += count * row;
    }
    copyRunsIn(frame, runs, count, bytes, keyOffsets, valueOffsets);
  }
  return bytes;
}

/** Copies the runs' KV into the state; transposed V from all runs at once, a window of dimensions at a time, so the state is written front to back. */
function copyRunsIn(frame: SequenceStateFrame, runs: readonly KvRun[], count: number, bytes: Uint8Array, keyOffsets: number[], valueOffsets: number[]): void {
  const element = KV_ELEMENT_BYTES[frame.dtype];
  const row = frame.kvDim * element;
  const copiers = runs.map((run) => new StridedCopier(run.payload, bytes));
  for (let layer = 0; layer < frame.layers; layer++) {
    let first = 0;
    for (const [r, run] of runs.entries()) {
      const copier = copiers[r]!;
      if (first >= count) break;
      const used = Math.min(run.slots, count - first);
      const plane = run.slots * row;
      const keyPlane = layer * 2 * plane;
      copier.copy(keyPlane, 0, keyOffsets[layer]! + first * row, 0, used * row, 1);
      if (frame.valueLayout === 'rows') copier.copy(keyPlane + plane, 0, valueOffsets[layer]! + first * row, 0, used * row, 1);
      first += used;
    }
    if (frame.valueLayout === 'rows') continue;
    const bands: MatrixBand[] = [];
    let covered = 0;
    for (const run of runs) {
      if (covered >= count) break;
      const used = Math.min(run.slots, count - covered);
      bands.push({ bytes: run.payload, offset: (layer * 2 + 1) * run.slots * row, widthBytes: used * element, strideBytes: run.slots * element });
      covered += used;
    }
    moveBands(bytes, valueOffsets[layer]!, count * element, frame.kvDim, bands, false);
  }
}
