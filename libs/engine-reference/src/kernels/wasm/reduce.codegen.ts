import { type Code, op } from '@tsukimi/wasm';

/**
 * The one horizontal reduction order of the kernels: lanes (l0, l1, l2, l3) sum
 * to (l0 + l2) + (l1 + l3). {@link transposeSum4} and {@link horizontalSum} both
 * follow it, so a dot product reduced four at a time is bit-identical to the
 * same dot product reduced alone.
 */

/**
 * Leaves [Σa, Σb, Σc, Σd] for four v128 locals, each sum in the shared order;
 * `temp` names two scratch v128 locals. Interleaving pairs of vectors with the
 * unpack shuffles and adding does two levels of the tree in two adds.
 */
export function transposeSum4(a: number, b: number, c: number, d: number, temp: readonly [number, number]): Code {
  const [u, w] = temp;
  const get = op.localGet;
  const pairSum = (x: number, y: number): Code => [
    get(x),
    get(y),
    op.f32x4Shuffle(0, 4, 1, 5),
    get(x),
    get(y),
    op.f32x4Shuffle(2, 6, 3, 7),
    op.f32x4Add(),
  ];
  return [
    // u = [a0+a2, b0+b2, a1+a3, b1+b3], w likewise for c and d.
    pairSum(a, b),
    op.localSet(u),
    pairSum(c, d),
    op.localSet(w),
    get(u),
    get(w),
    op.f32x4Shuffle(0, 1, 4, 5),
    get(u),
    get(w),
    op.f32x4Shuffle(2, 3, 6, 7),
    op.f32x4Add(),
  ];
}

/** Leaves the f32 sum of the lanes of the v128 local `a`, in the shared order. */
export function horizontalSum(a: number): Code {
  const lane = (i: number): Code => [op.localGet(a), op.f32x4ExtractLane(i)];
  return [lane(0), lane(2), op.f32Add(), lane(1), lane(3), op.f32Add(), op.f32Add()];
}
