import { type SequenceState } from './sequence-state.reader';
import { KV_ELEMENT_BYTES, type KvRun, kvRunBytes } from './sequence-state.types';
import { moveBands } from './matrix-band.copy';
import { StridedCopier } from './strided.copy';

/** A state cut at block boundaries: the full blocks, and the partial trailing block that stays with its sequence. */
export interface CutSequenceState {
  readonly blocks: Uint8Array[];
  readonly tail: KvRun | undefined;
}

/**
 * Cuts a state into runs of `blockSizeTokens` tokens: block i holds tokens [i·B, (i+1)·B) of
 * every layer's K and V. Tokens after the last full block form the tail. `allocate` gives the
 * memory each run is cut into (fresh by default).
 */
export function cutSequenceState(state: SequenceState, blockSizeTokens: number, allocate: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes)): CutSequenceState {
  const tokens = state.tokens.length;
  const fullBlocks = Math.floor(tokens / blockSizeTokens);
  const runs: KvRun[] = [];
  for (let block = 0; block < fullBlocks; block++) runs.push({ payload: allocate(kvRunBytes(state.frame, blockSizeTokens)), slots: blockSizeTokens });
  const tailSlots = tokens - fullBlocks * blockSizeTokens;
  const tail = tailSlots > 0 ? { payload: allocate(kvRunBytes(state.frame, tailSlots)), slots: tailSlots } : undefined;
  copyRunsOut(state, 0, tail ? [...runs, tail] : runs);
  return { blocks: runs.map((run) => run.payload), tail };
}

/**
 * Writes consecutive tokens of the state, from `firstToken` on, into `runs` (each exactly
 * `kvRunBytes(frame, slots)` bytes) in block order, so a caller can cut straight into the
 * payloads of encoded blocks. Transposed V is cut for all runs at once, a window of dimensions
 * at a time (`moveBands`), reading the state front to back.
 */
export function copyRunsOut(state: SequenceState, firstToken: number, runs: readonly KvRun[]): void {
  const { frame, bytes, cellOfPosition } = state;
  const total = runs.reduce((sum, run) => sum + run.slots, 0);
  if (firstToken < 0 || firstToken + total > state.tokens.length) {
    throw new RangeError(`tokens [${firstToken}, ${firstToken + total}) outside a state of ${state.tokens.length}`);
  }
  for (const run of runs) {
    if (run.slots < 1 || run.payload.length !== kvRunBytes(frame, run.slots)) throw new RangeError(`run of ${run.slots} slots needs ${kvRunBytes(frame, run.slots)} bytes, got ${run.payload.length}`);
  }
  const element = KV_ELEMENT_BYTES[frame.dtype];
  const row = frame.kvDim * element;
  const cells = state.tokens.length;
  const copiers = runs.map((run) => new StridedCopier(bytes, run.payload));
  for (let layer = 0; layer < frame.layers; layer++) {
    const keys = state.keyOffsets[layer]!;
    const values = state.valueOffsets[layer]!;
    let first = firstToken;
    runs.forEach((run, r) => {
      const copier = copiers[r]!;
      const plane = run.slots * row;
      const keyPlane = layer * 2 * plane;
      if (!cellOfPosition) {
        copier.copy(keys + first * row, 0, keyPlane, 0, plane, 1);
        if (frame.valueLayout === 'rows') copier.copy(values + first * row, 0, keyPlane + plane, 0, plane, 1);
      } else {
        for (let slot = 0; slot < run.slots; slot++) {
          const cell = cellOfPosition[first + slot]!;
          copier.copy(keys + cell * row, 0, keyPlane + slot * row, 0, row, 1);
          if (frame.valueLayout === 'rows') copier.copy(values + cell * row, 0, keyPlane + plane + slot * row, 0, row, 1);
          else copier.copy(values + cell * element, cells * element, keyPlane + plane + slot * element, run.slots * element, element, frame.kvDim);
        }
      }
      first += run.slots;
    });
    if (frame.valueLayout === 'rows' || cellOfPosition) continue;
    const bands = runs.map((run) => ({ bytes: run.payload, offset: (layer * 2 + 1) * run.slots * row, widthBytes: run.slots * element, strideBytes: run.slots * element }));
    moveBands(bytes, values + firstToken * element, cells * element, frame.kvDim, bands, true);
  }
}
