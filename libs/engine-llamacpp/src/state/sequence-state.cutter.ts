import { type SequenceState } from './sequence-state.reader';
import { KV_ELEMENT_BYTES, type KvRun, kvRunBytes } from './sequence-state.types';
import { copyStrided } from './strided.copy';

/** A state cut at block boundaries: the full blocks, and the partial trailing block that stays with its sequence. */
export interface CutSequenceState {
  readonly blocks: Uint8Array[];
  readonly tail: KvRun | undefined;
}

/**
 * Cuts a state into runs of `blockSizeTokens` tokens: block i holds tokens [i·B, (i+1)·B) of
 * every layer's K and V. Tokens after the last full block form the tail.
 */
export function cutSequenceState(state: SequenceState, blockSizeTokens: number): CutSequenceState {
  const tokens = state.tokens.length;
  const fullBlocks = Math.floor(tokens / blockSizeTokens);
  const blocks: Uint8Array[] = [];
  for (let block = 0; block < fullBlocks; block++) {
    const payload = new Uint8Array(kvRunBytes(state.frame, blockSizeTokens));
    copyRunOut(state, block * blockSizeTokens, blockSizeTokens, payload);
    blocks.push(payload);
  }
  const tailSlots = tokens - fullBlocks * blockSizeTokens;
  if (tailSlots === 0) return { blocks, tail: undefined };
  const tail = new Uint8Array(kvRunBytes(state.frame, tailSlots));
  copyRunOut(state, fullBlocks * blockSizeTokens, tailSlots, tail);
  return { blocks, tail: { payload: tail, slots: tailSlots } };
}

/**
 * Writes tokens [firstToken, firstToken + slots) of the state into `target` (exactly
 * `kvRunBytes(frame, slots)` bytes) in block order, so a caller can cut straight into
 * the payload of an encoded block.
 */
export function copyRunOut(state: SequenceState, firstToken: number, slots: number, target: Uint8Array): void {
  const { frame, bytes, cellOfPosition } = state;
  if (firstToken < 0 || slots < 1 || firstToken + slots > state.tokens.length) {
    throw new RangeError(`tokens [${firstToken}, ${firstToken + slots}) outside a state of ${state.tokens.length}`);
  }
  if (target.length !== kvRunBytes(frame, slots)) throw new RangeError(`run of ${slots} slots needs ${kvRunBytes(frame, slots)} bytes, got ${target.length}`);
  const element = KV_ELEMENT_BYTES[frame.dtype];
  const row = frame.kvDim * element;
  const plane = slots * row;
  const cells = state.tokens.length;
  for (let layer = 0; layer < frame.layers; layer++) {
    const keyPlane = layer * 2 * plane;
    const valuePlane = keyPlane + plane;
    const keys = state.keyOffsets[layer]!;
    const values = state.valueOffsets[layer]!;
    if (!cellOfPosition) {
      copyStrided(bytes, keys + firstToken * row, 0, target, keyPlane, 0, plane, 1);
      if (frame.valueLayout === 'rows') copyStrided(bytes, values + firstToken * row, 0, target, valuePlane, 0, plane, 1);
      else copyStrided(bytes, values + firstToken * element, cells * element, target, valuePlane, slots * element, slots * element, frame.kvDim);
      continue;
    }
    for (let slot = 0; slot < slots; slot++) {
      const cell = cellOfPosition[firstToken + slot]!;
      copyStrided(bytes, keys + cell * row, 0, target, keyPlane + slot * row, 0, row, 1);
      if (frame.valueLayout === 'rows') copyStrided(bytes, values + cell * row, 0, target, valuePlane + slot * row, 0, row, 1);
      else copyStrided(bytes, values + cell * element, cells * element, target, valuePlane + slot * element, slots * element, element, frame.kvDim);
    }
  }
}
