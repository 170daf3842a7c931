import { type Code, op } from '@tsukimi/wasm';
import { horizontalSum, transposeSum4 } from './reduce.codegen';

const get = op.localGet;
const set = op.localSet;

/** The locals of the generated matmul a tile works with; pointers are byte offsets. */
export interface MatmulLocals {
  /** Parameter: start of the weights. */
  readonly w: number;
  /** Current first output and inner byte offset. */
  readonly o: number;
  readonly i: number;
  /** inDim·4, and inDim rounded down to a multiple of 4, ·4. */
  readonly rowBytes: number;
  readonly quadBytes: number;
  /** Start of each tile row of x and of out; of each tile output's weight row. */
  readonly xRow: readonly number[];
  readonly yRow: readonly number[];
  readonly wRow: readonly number[];
  /** v128 operands, sums and reduction scratch. */
  readonly xv: readonly number[];
  readonly wv: number;
  readonly sum: number;
  readonly temp: readonly [number, number];
  readonly scalarSum: number;
  /** Fresh v128 locals for one tile shape's accumulators. */
  accumulators(count: number): number[];
}

/**
 * One tile: `nr` rows × `no` (4 or 1) outputs starting at row pointers `xRow`
 * and output `o`. Lane accumulation runs unrolled by two (the second step uses
 * the load offset 16), which leaves each accumulator's order of additions as is.
 */
export function matmulTile(l: MatmulLocals, nr: number, no: 1 | 4): Code {
  const acc = Array.from({ length: nr }, () => l.accumulators(no));
  const rows = [...Array(nr).keys()];
  const outs = [...Array(no).keys()];
  const at = (base: number): Code => [get(base), get(l.i), op.i32Add()];
  const step = (offset: number): Code[] => [
    rows.map((k) => [at(l.xRow[k]!), op.v128Load(offset), set(l.xv[k]!)]),
    outs.flatMap((m) => [
      [at(l.wRow[m]!), op.v128Load(offset), set(l.wv)],
      rows.map((k) => [get(acc[k]![m]!), get(l.xv[k]!), get(l.wv), op.f32x4Mul(), op.f32x4Add(), set(acc[k]![m]!)]),
    ]),
  ];
  const advance = (bytes: number): Code => [get(l.i), op.i32Const(bytes), op.i32Add(), set(l.i)];
  const remainder = (body: Code[]): Code => [get(l.quadBytes), set(l.i), op.whileLoop([get(l.i), get(l.rowBytes), op.i32LtS()], ...body, advance(4))];
  const outputAddress = (k: number): Code => [get(l.yRow[k]!), get(l.o), op.i32Const(2), op.i32Shl(), op.i32Add()];

  const finish = rows.map((k): Code => {
    if (no === 1) {
      return [
        horizontalSum(acc[k]![0]!),
        set(l.scalarSum),
        remainder([get(l.scalarSum), at(l.xRow[k]!), op.f32Load(), at(l.wRow[0]!), op.f32Load(), op.f32Mul(), op.f32Add(), set(l.scalarSum)]),
        outputAddress(k),
        get(l.scalarSum),
        op.f32Store(),
      ];
    }
    const [a, b, c, d] = acc[k] as [number, number, number, number];
    // Lane m of the gathered weights is w[o + m][i], so the remainder adds lane-wise exactly as the scalar path does.
    const gather = [[at(l.wRow[0]!), op.v128Load32Splat()], ...[1, 2, 3].map((m) => [at(l.wRow[m]!), op.f32Load(), op.f32x4ReplaceLane(m)])];
    return [
      transposeSum4(a, b, c, d, l.temp),
      set(l.sum),
      remainder([get(l.sum), at(l.xRow[k]!), op.v128Load32Splat(), gather, op.f32x4Mul(), op.f32x4Add(), set(l.sum)]),
      outputAddress(k),
      get(l.sum),
      op.v128Store(),
    ];
  });

  return [
    outs.flatMap((m) => [...(m === 0 ? [get(l.w), get(l.o), get(l.rowBytes), op.i32Mul()] : [get(l.wRow[m - 1]!), get(l.rowBytes)]), op.i32Add(), set(l.wRow[m]!)]),
    acc.flat().flatMap((a) => [op.f32x4Const(0), set(a)]),
    op.i32Const(0),
    set(l.i),
    op.whileLoop([get(l.i), op.i32Const(32), op.i32Add(), get(l.quadBytes), op.i32LeS()], ...step(0), ...step(16), advance(32)),
    op.block([get(l.i), get(l.quadBytes), op.i32GeS(), op.brIf(0)], ...step(0)),
    finish.flat(),
  ];
}
