import { VectorExp } from './exp.codegen';
import { FunctionBuilder, ValType } from '@tsukimi/wasm';

const { i32, f32, v128 } = ValType;

/** The generated function's parameters, in order: byte offsets `out`, `q`, `table`, `kv`; the rest as in `AttentionArgs`. */
export const ATTENTION_PARAMS = [
  'out', 'q', 'rows', 'firstPosition', 'table', 'kv', 'heads', 'kvHeads', 'blockSizeTokens', 'blockFloats', 'keyPlane', 'valuePlane', 'scale',
] as const;
type Param = (typeof ATTENTION_PARAMS)[number];

/** The running state of one query (one row, one head) in a tile: its online softmax. */
export interface QueryLocals {
  /** The query vector, headDim/4 v128s, loaded once. */
  readonly q: readonly number[];
  /** Σ_j e^(s_j − max)·v_j so far, headDim/4 v128s. */
  readonly acc: readonly number[];
  /** The running maximum score, splat over four lanes. */
  readonly max: number;
  /** Lane l: Σ e^(s_j − max) over positions j ≡ l (mod 4) so far. */
  readonly sum: number;
  /** This chunk's four scores, then their exponentials. */
  readonly scores: number;
  /** Lane accumulators of the four positions' dot products. */
  readonly dots: readonly [number, number, number, number];
  /** Byte offset of the output row; the last position the query attends to. */
  readonly out: number;
  readonly last: number;
}

/** Every local of the generated attention function, named; built once per function. */
export interface AttentionContext {
  readonly fn: FunctionBuilder;
  readonly exp: VectorExp;
  readonly headDim: number;
  /** headDim / 4: v128s per head vector. */
  readonly vectors: number;
  readonly param: Readonly<Record<Param, number>>;
  /** heads / kvHeads; bytes between rows of q and out; between KV slots; per block. */
  readonly group: number;
  readonly rowBytes: number;
  readonly slotBytes: number;
  readonly blockBytes: number;
  /** valuePlane − keyPlane in bytes: from a key vector to the value vector of the same slot and head. */
  readonly valueOffset: number;
  /** Current KV head; the byte offset of its keys within block 0 of the arena. */
  readonly kvHead: number;
  readonly keyBase: number;
  /** Queries of this KV head (rows · group) and the first of the current tile. */
  readonly queries: number;
  readonly firstQuery: number;
  /** The KV cursor: current block-table index, slot within it, key pointer, start of the current chunk. */
  readonly cursor: Cursor;
  readonly saved: Cursor;
  /** Key byte offsets of the chunk's four positions; positions valid in a partial chunk. */
  readonly keys: readonly [number, number, number, number];
  readonly valid: number;
  /** An i32 address being built. */
  readonly scratch: number;
  /** One key or value vector, headDim/4 v128s, loaded once per position for the whole tile. */
  readonly vec: readonly number[];
  /** The score scale splat over four lanes. */
  readonly scale: number;
  /** The chunk's largest score in every lane. */
  readonly chunkMax: number;
  /** e^(old max − new max) when the max rises. */
  readonly factor: number;
  /** One position's e^(s − max), or finally the sum to divide by, splat over four lanes. */
  readonly weight: number;
  /** All ones in the lanes of a partial chunk's valid positions. */
  readonly laneMask: number;
  /** Scratch for `transposeSum4`. */
  readonly temp: readonly [number, number];
  /** The state of each query of the largest tile; smaller tiles use a prefix. */
  readonly query: readonly QueryLocals[];
}

/** Cursor over a sequence's paged KV: block-table index, slot, key pointer, chunk start. */
export interface Cursor {
  readonly block: number;
  readonly slot: number;
  readonly key: number;
  readonly chunk: number;
}

/** Declares the function and its locals for a `headDim` and at most `maxTile` queries per tile. */
export function attentionContext(headDim: number, maxTile: number): AttentionContext {
  const fn = new FunctionBuilder('attention', [...ATTENTION_PARAMS.slice(0, -1).map(() => i32), f32]);
  const vectors = headDim / 4;
  const cursor = (): Cursor => ({ block: fn.local(i32), slot: fn.local(i32), key: fn.local(i32), chunk: fn.local(i32) });
  return {
    fn,
    exp: new VectorExp(fn),
    headDim,
    vectors,
    param: Object.fromEntries(ATTENTION_PARAMS.map((name, i) => [name, i])) as Record<Param, number>,
    group: fn.local(i32),
    rowBytes: fn.local(i32),
    slotBytes: fn.local(i32),
    blockBytes: fn.local(i32),
    valueOffset: fn.local(i32),
    kvHead: fn.local(i32),
    keyBase: fn.local(i32),
    queries: fn.local(i32),
    firstQuery: fn.local(i32),
    cursor: cursor(),
    saved: cursor(),
    keys: fn.locals(i32, 4) as [number, number, number, number],
    valid: fn.local(i32),
    scratch: fn.local(i32),
    vec: fn.locals(v128, vectors),
    scale: fn.local(v128),
    chunkMax: fn.local(v128),
    factor: fn.local(v128),
    weight: fn.local(v128),
    laneMask: fn.local(v128),
    temp: fn.locals(v128, 2) as [number, number],
    query: Array.from({ length: maxTile }, () => ({
      q: fn.locals(v128, vectors),
      acc: fn.locals(v128, vectors),
      max: fn.local(v128),
      sum: fn.local(v128),
      scores: fn.local(v128),
      dots: fn.locals(v128, 4) as [number, number, number, number],
      out: fn.local(i32),
      last: fn.local(i32),
    })),
  };
}
