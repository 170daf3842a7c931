import { type Code, FunctionBuilder, op, ValType } from '@tsukimi/wasm';
import { type MatmulLocals, matmulTile } from './matmul-tile.codegen';

const { i32, v128, f32 } = ValType;
const get = op.localGet;
const set = op.localSet;
/** Outputs per tile: four accumulators reduce to one v128 of four results. */
const TILE_OUTPUTS = 4;

/**
 * Generates `matmulTransposed(out, x, rows, inDim, w, outDim)` (byte offsets and
 * counts, all i32): out[r][o] = Σ_i x[r][i]·w[o][i], in tiles of `rowsPerTile`
 * rows × 4 outputs of v128 accumulators, each x and w vector loaded once per tile;
 * then single rows and single outputs at the edges.
 *
 * Every out[r][o], whatever tile computes it, is the same operations: lane l sums
 * x[i]·w[i] over i ≡ l (mod 4), i below inDim rounded down to 4, ascending; the
 * lanes reduce as (l0 + l2) + (l1 + l3); the remaining i are added in ascending order.
 */
export function matmulFunction(rowsPerTile: number): FunctionBuilder {
  if (!Number.isInteger(rowsPerTile) || rowsPerTile < 1) throw new RangeError(`rowsPerTile must be a positive integer, got ${rowsPerTile}`);
  const fn = new FunctionBuilder('matmulTransposed', [i32, i32, i32, i32, i32, i32]);
  const [out, x, rows, inDim, w, outDim] = [0, 1, 2, 3, 4, 5] as const;
  const l: MatmulLocals = {
    w,
    o: fn.local(i32),
    i: fn.local(i32),
    rowBytes: fn.local(i32),
    quadBytes: fn.local(i32),
    xRow: fn.locals(i32, rowsPerTile),
    yRow: fn.locals(i32, rowsPerTile),
    wRow: fn.locals(i32, TILE_OUTPUTS),
    xv: fn.locals(v128, rowsPerTile),
    wv: fn.local(v128),
    sum: fn.local(v128),
    temp: fn.locals(v128, 2) as [number, number],
    scalarSum: fn.local(f32),
    accumulators: (count) => fn.locals(v128, count),
  };
  const r = fn.local(i32);
  const outRowBytes = fn.local(i32);
  const step = (local: number, by: number): Code => [get(local), op.i32Const(by), op.i32Add(), set(local)];
  const below = (local: number, by: number, limit: number): Code => [get(local), op.i32Const(by), op.i32Add(), get(limit), op.i32LeS()];

  /** Row tiles of `nr` rows while `nr` rows remain: 4-output tiles, then single outputs. */
  const rowLoop = (nr: number): Code => {
    const pointers = Array.from({ length: nr }, (_, k) => [
      ...(k === 0 ? [get(x), get(r), get(l.rowBytes), op.i32Mul()] : [get(l.xRow[k - 1]!), get(l.rowBytes)]),
      op.i32Add(),
      set(l.xRow[k]!),
      ...(k === 0 ? [get(out), get(r), get(outRowBytes), op.i32Mul()] : [get(l.yRow[k - 1]!), get(outRowBytes)]),
      op.i32Add(),
      set(l.yRow[k]!),
    ]);
    return op.whileLoop(
      below(r, nr, rows),
      pointers,
      op.i32Const(0),
      set(l.o),
      op.whileLoop(below(l.o, TILE_OUTPUTS, outDim), matmulTile(l, nr, TILE_OUTPUTS), step(l.o, TILE_OUTPUTS)),
      op.whileLoop(below(l.o, 1, outDim), matmulTile(l, nr, 1), step(l.o, 1)),
      step(r, nr),
    );
  };

  return fn.emit(
    get(inDim), op.i32Const(2), op.i32Shl(), set(l.rowBytes),
    get(inDim), op.i32Const(-4), op.i32And(), op.i32Const(2), op.i32Shl(), set(l.quadBytes),
    get(outDim), op.i32Const(2), op.i32Shl(), set(outRowBytes),
    rowsPerTile > 1 ? rowLoop(rowsPerTile) : [],
    rowLoop(1),
  );
}
