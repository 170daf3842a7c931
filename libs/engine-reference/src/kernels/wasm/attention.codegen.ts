import { tile } from './attention-tile.codegen';
import { attentionContext } from './attention.context';
import { type Code, type FunctionBuilder, op } from '@tsukimi/wasm';

const get = op.localGet;
const set = op.localSet;

/**
 * Generates `attention(out, q, rows, firstPosition, table, kv, heads, kvHeads,
 * blockSizeTokens, blockFloats, keyPlane, valuePlane, scale)` for one `headDim`
 * (a multiple of 4, unrolled into headDim/4 v128s): causal grouped-query attention
 * over paged KV with an online softmax in f32.
 *
 * For each KV head, the queries reading it (every row × the heads of its group)
 * go in tiles of `maxTile`, then halving sizes down to 1; a tile shares each key
 * and value load among its queries. The result of a query does not depend on its
 * tile (see `chunk`): positions run in chunks of four from position 0; scores
 * reduce in one fixed order; the max only ever rises, rescaling by e^(old − new);
 * sums accumulate lane-wise in position order and reduce once at the end.
 */
export function attentionFunction(headDim: number, maxTile: number): FunctionBuilder {
  if (!Number.isInteger(headDim) || headDim < 4 || headDim % 4 !== 0) throw new RangeError(`headDim must be a positive multiple of 4, got ${headDim}`);
  if (!Number.isInteger(maxTile) || maxTile < 1) throw new RangeError(`maxTile must be a positive integer, got ${maxTile}`);
  const c = attentionContext(headDim, maxTile);
  const p = c.param;
  const tiles = [...new Set(Array.from({ length: Math.floor(Math.log2(maxTile)) + 1 }, (_, i) => Math.max(1, Math.floor(maxTile / 2 ** i))))];
  const tileLoop = (size: number): Code =>
    op.whileLoop(
      [get(c.firstQuery), op.i32Const(size), op.i32Add(), get(c.queries), op.i32LeS()],
      tile(c, size),
      [get(c.firstQuery), op.i32Const(size), op.i32Add(), set(c.firstQuery)],
    );
  const headBytes = headDim * 4;
  return c.fn.emit(
    [get(p.heads), get(p.kvHeads), op.i32DivU(), set(c.group)],
    [get(p.heads), op.i32Const(headBytes), op.i32Mul(), set(c.rowBytes)],
    [get(p.kvHeads), op.i32Const(headBytes), op.i32Mul(), set(c.slotBytes)],
    [get(p.blockFloats), op.i32Const(2), op.i32Shl(), set(c.blockBytes)],
    [get(p.valuePlane), get(p.keyPlane), op.i32Sub(), op.i32Const(2), op.i32Shl(), set(c.valueOffset)],
    [get(p.scale), op.f32x4Splat(), set(c.scale)],
    [get(p.rows), get(c.group), op.i32Mul(), set(c.queries)],
    [op.i32Const(0), set(c.kvHead)],
    op.whileLoop(
      [get(c.kvHead), get(p.kvHeads), op.i32LtS()],
      [get(p.kv), get(p.keyPlane), op.i32Const(2), op.i32Shl(), op.i32Add(), get(c.kvHead), op.i32Const(headBytes), op.i32Mul(), op.i32Add(), set(c.keyBase)],
      [op.i32Const(0), set(c.firstQuery)],
      tiles.map(tileLoop),
      [get(c.kvHead), op.i32Const(1), op.i32Add(), set(c.kvHead)],
    ),
  );
}
