import { chunk } from './attention-chunk.codegen';
import { type AttentionContext, type Cursor, type QueryLocals } from './attention.context';
import { type Code, op } from '@tsukimi/wasm';
import { horizontalSum } from './reduce.codegen';

const get = op.localGet;
const set = op.localSet;

/**
 * `size` consecutive queries of the current KV head, from `firstQuery`: query n is
 * row ⌊n / group⌋, head kvHead·group + n mod group. Queries are ordered by row, so
 * the first has the fewest positions: the chunks every query needs in full run
 * once for the whole tile, each key and value vector loaded once for all of them;
 * then each query finishes alone from there, through its last full chunk and its
 * partial one, and writes Σ e^(s − max)·v / Σ e^(s − max).
 */
export function tile(c: AttentionContext, size: number): Code {
  const queries = c.query.slice(0, size);
  const { cursor } = c;
  const shared = size > 1 ? op.whileLoop(wholeChunkLeft(c, queries[0]!), chunk(c, queries, false), nextChunk(c)) : [];
  return [
    queries.map((q, k) => start(c, q, k)),
    op.i32Const(-1),
    set(cursor.block),
    get(c.param.blockSizeTokens),
    set(cursor.slot),
    op.i32Const(0),
    set(cursor.chunk),
    shared,
    copyCursor(cursor, c.saved),
    queries.map((q, k) => [k > 0 ? copyCursor(c.saved, cursor) : [], finish(c, q)]),
  ];
}

/** Loads query `k` of the tile and resets its softmax: max −∞, sums 0. */
function start(c: AttentionContext, q: QueryLocals, k: number): Code {
  const n = [get(c.firstQuery), op.i32Const(k), op.i32Add()];
  const row = [n, get(c.group), op.i32DivU()];
  const head = [get(c.kvHead), get(c.group), op.i32Mul(), n, get(c.group), op.i32RemU(), op.i32Add()];
  const offset = [row, get(c.rowBytes), op.i32Mul(), head, op.i32Const(c.headDim * 4), op.i32Mul(), op.i32Add()];
  return [
    offset,
    op.localTee(c.scratch),
    get(c.param.out),
    op.i32Add(),
    set(q.out),
    row,
    get(c.param.firstPosition),
    op.i32Add(),
    set(q.last),
    get(c.scratch),
    get(c.param.q),
    op.i32Add(),
    set(c.scratch),
    q.q.map((v, d) => [get(c.scratch), op.v128Load(16 * d), set(v)]),
    [...q.acc, q.sum].map((v) => [op.f32x4Const(0), set(v)]),
    op.f32x4Const(-Infinity),
    set(q.max),
  ];
}

/** The query's remaining full chunks, its partial chunk if any, then its output. */
function finish(c: AttentionContext, q: QueryLocals): Code {
  const { cursor } = c;
  const total = [horizontalSum(q.sum), op.f32x4Splat(), set(c.weight)];
  return [
    op.whileLoop(wholeChunkLeft(c, q), chunk(c, [q], false), nextChunk(c)),
    get(cursor.chunk),
    get(q.last),
    op.i32LeS(),
    op.ifThen(
      [get(q.last), get(cursor.chunk), op.i32Sub(), op.i32Const(1), op.i32Add(), op.localTee(c.valid)],
      [op.i32x4Splat(), op.i32x4Const(0, 1, 2, 3), op.i32x4GtS(), set(c.laneMask)],
      chunk(c, [q], true),
    ),
    total,
    q.acc.map((a, d) => [get(q.out), get(a), get(c.weight), op.f32x4Div(), op.v128Store(16 * d)]),
  ];
}

/** Whether the chunk at the cursor lies wholly within the query's positions. */
function wholeChunkLeft(c: AttentionContext, q: QueryLocals): Code {
  return [get(c.cursor.chunk), op.i32Const(3), op.i32Add(), get(q.last), op.i32LeS()];
}

/** Moves the chunk start on by four positions; the key cursor has already advanced. */
function nextChunk(c: AttentionContext): Code {
  return [get(c.cursor.chunk), op.i32Const(4), op.i32Add(), set(c.cursor.chunk)];
}

/** Saves the cursor where the shared chunks ended, or restores it for the next query. */
function copyCursor(from: Cursor, to: Cursor): Code {
  return (['block', 'slot', 'key', 'chunk'] as const).flatMap((field) => [get(from[field]), set(to[field])]);
}
