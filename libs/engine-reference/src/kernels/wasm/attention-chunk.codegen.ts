import { type AttentionContext, type QueryLocals } from './attention.context';
import { type Code, op } from '@tsukimi/wasm';
import { transposeSum4 } from './reduce.codegen';

const get = op.localGet;
const set = op.localSet;
const LANES = [0, 1, 2, 3] as const;

/**
 * One chunk of four consecutive positions j..j+3 (j a multiple of 4) for a set of
 * queries: key pointers, scores, the online-softmax step and the value sums. The
 * operations applied to one query depend only on its own data, its last position
 * and the chunk grid, never on which other queries share the chunk: that is the
 * determinism contract. A `partial` chunk holds the query's last position and
 * `valid` (1..3) positions; its other lanes are masked and their keys never read
 * from beyond the sequence.
 */
export function chunk(c: AttentionContext, queries: readonly QueryLocals[], partial: boolean): Code {
  return [
    keyPointers(c, partial),
    LANES.map((pos) => scorePosition(c, queries, pos)),
    queries.map((q) => finishScores(c, q, partial)),
    queries.map((q) => softmaxStep(c, q)),
    partial ? partialValues(c, queries) : LANES.map((pos) => accumulateValues(c, queries, pos)),
  ];
}

/** Sets `keys[pos]` to the key of the cursor's next position and advances it, crossing into the next block when the slot runs out. */
function advance(c: AttentionContext, pos: number): Code {
  const { cursor } = c;
  return [
    get(cursor.slot),
    get(c.param.blockSizeTokens),
    op.i32Eq(),
    op.ifThen(
      [get(cursor.block), op.i32Const(1), op.i32Add(), set(cursor.block), op.i32Const(0), set(cursor.slot)],
      [get(c.param.table), get(cursor.block), op.i32Const(2), op.i32Shl(), op.i32Add(), op.i32Load()],
      [get(c.blockBytes), op.i32Mul(), get(c.keyBase), op.i32Add(), set(cursor.key)],
    ),
    get(cursor.key),
    set(c.keys[pos]!),
    get(cursor.key),
    get(c.slotBytes),
    op.i32Add(),
    set(cursor.key),
    get(cursor.slot),
    op.i32Const(1),
    op.i32Add(),
    set(cursor.slot),
  ];
}

function keyPointers(c: AttentionContext, partial: boolean): Code {
  if (!partial) return LANES.map((pos) => advance(c, pos));
  const repeatFirst = (pos: number): Code => [get(c.keys[0]), set(c.keys[pos]!), get(c.valid), op.i32Const(pos), op.i32GtS(), op.ifThen(advance(c, pos))];
  return [advance(c, 0), repeatFirst(1), repeatFirst(2), repeatFirst(3)];
}

/** Loads the key of position `pos` once and takes its lane-wise dot product with every query: dots = Σ_d q[d]·k[d], d ascending. */
function scorePosition(c: AttentionContext, queries: readonly QueryLocals[], pos: number): Code {
  const loads = c.vec.map((v, d) => [get(c.keys[pos]!), op.v128Load(16 * d), set(v)]);
  const dots = queries.map((q) => {
    const dot = q.dots[pos]!;
    return c.vec.map((v, d) => [d > 0 ? get(dot) : [], get(q.q[d]!), get(v), op.f32x4Mul(), d > 0 ? op.f32x4Add() : [], set(dot)]);
  });
  return [loads, dots];
}

/** scores = reduced dots · scale; in a partial chunk the lanes at or past `valid` become −∞. */
function finishScores(c: AttentionContext, q: QueryLocals, partial: boolean): Code {
  const [a, b, d0, d1] = q.dots;
  const mask = partial ? [op.f32x4Const(-Infinity), get(c.laneMask), op.v128Bitselect()] : [];
  return [transposeSum4(a, b, d0, d1, c.temp), get(c.scale), op.f32x4Mul(), mask, set(q.scores)];
}

/**
 * Raises the running max to the chunk's when it is larger, rescaling the sums by
 * e^(old − new) (skipping it otherwise changes nothing: e^0 is exactly 1), then
 * replaces the scores by e^(s − max) and adds them to the lane sums.
 */
function softmaxStep(c: AttentionContext, q: QueryLocals): Code {
  const rescale = [...q.acc, q.sum].map((v) => [get(v), get(c.factor), op.f32x4Mul(), set(v)]);
  return [
    get(q.scores),
    get(q.scores),
    get(q.scores),
    op.f32x4Shuffle(2, 3, 0, 1),
    op.f32x4Pmax(),
    op.localTee(c.chunkMax),
    get(c.chunkMax),
    get(c.chunkMax),
    op.f32x4Shuffle(1, 0, 3, 2),
    op.f32x4Pmax(),
    op.localTee(c.chunkMax),
    op.f32x4ExtractLane(0),
    get(q.max),
    op.f32x4ExtractLane(0),
    op.f32Gt(),
    op.ifThen(c.exp.emit([get(q.max), get(c.chunkMax), op.f32x4Sub()]), set(c.factor), get(c.chunkMax), set(q.max), rescale),
    c.exp.emit([get(q.scores), get(q.max), op.f32x4Sub()]),
    op.localTee(q.scores),
    get(q.sum),
    op.f32x4Add(),
    set(q.sum),
  ];
}

/** Loads the value of position `pos` once and adds e^(s − max)·v to every query's accumulators. */
function accumulateValues(c: AttentionContext, queries: readonly QueryLocals[], pos: number): Code {
  const loads = [get(c.keys[pos]!), get(c.valueOffset), op.i32Add(), set(c.scratch), c.vec.map((v, d) => [get(c.scratch), op.v128Load(16 * d), set(v)])];
  const sums = queries.map((q) => [
    get(q.scores),
    get(q.scores),
    op.f32x4Shuffle(pos, pos, pos, pos),
    set(c.weight),
    c.vec.map((v, d) => [get(q.acc[d]!), get(c.weight), get(v), op.f32x4Mul(), op.f32x4Add(), set(q.acc[d]!)]),
  ]);
  return [loads, sums];
}

/** Values of the valid positions only: a masked lane's weight is 0, but 0·v could still turn −0 into +0 or meet an ∞. */
function partialValues(c: AttentionContext, queries: readonly QueryLocals[]): Code {
  const stopUnless = (pos: number): Code => [get(c.valid), op.i32Const(pos), op.i32LeS(), op.brIf(0)];
  return op.block(accumulateValues(c, queries, 0), stopUnless(1), accumulateValues(c, queries, 1), stopUnless(2), accumulateValues(c, queries, 2));
}
