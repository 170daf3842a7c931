import { type Code, type FunctionBuilder, op, ValType } from '@tsukimi/wasm';

/** Below ln(2⁻¹²⁶) the result would be subnormal; exp returns +0 there (an absolute error under 1.2e-38). */
export const EXP_LOWER_LIMIT = -87.33654;
const LOG2E = 1.4426950408889634;
/** 1.5·2²³: adding it rounds a float of magnitude < 2²² to an integer, left in the low mantissa bits. */
const ROUNDING_MAGIC = 12582912;
/** ln 2 split Cody–Waite style: n·LN2_HI is exact for |n| ≤ 2¹⁵, so r keeps its low bits. */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
/** Cephes expf: e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2. */
const POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const EXPONENT_BIAS = 127;
const MANTISSA_BITS = 23;

/**
 * exp(x) on four f32 lanes, for the softmax: x = n·ln2 + r with n = round(x·log2 e),
 * e^r from the Cephes polynomial, 2ⁿ built in the exponent bits. Every step is an
 * IEEE f32 operation, so the same input always gives the same bits.
 *
 * Accuracy (measured in exp.codegen.spec.ts against Math.exp): relative error below
 * 1.2e-7 (about one ulp) for x in [ln 2⁻¹²⁶, 0]; exp(0) is exactly 1; x below
 * ln 2⁻¹²⁶, -∞ included, gives +0; NaN propagates. Valid for x ≤ 88.
 */
export class VectorExp {
  private readonly x: number;
  private readonly t: number;
  private readonly n: number;
  private readonly r: number;

  /** Reserves the four v128 temporaries one evaluation needs; evaluations reuse them. */
  constructor(fn: FunctionBuilder) {
    [this.x, this.t, this.n, this.r] = fn.locals(ValType.v128, 4) as [number, number, number, number];
  }

  /** `input` leaves a v128 on the stack; the returned code leaves e to the power of each lane instead. */
  emit(input: Code): Code {
    const get = op.localGet;
    const horner = POLY.slice(1).flatMap((c) => [get(this.r), op.f32x4Mul(), op.f32x4Const(c), op.f32x4Add()]);
    return [
      input,
      op.localTee(this.x),
      op.f32x4Const(EXP_LOWER_LIMIT),
      op.f32x4Pmax(),
      op.localTee(this.r),
      op.f32x4Const(LOG2E),
      op.f32x4Mul(),
      op.f32x4Const(ROUNDING_MAGIC),
      op.f32x4Add(),
      op.localTee(this.t),
      op.f32x4Const(ROUNDING_MAGIC),
      op.f32x4Sub(),
      op.localSet(this.n),
      get(this.r),
      get(this.n),
      op.f32x4Const(LN2_HI),
      op.f32x4Mul(),
      op.f32x4Sub(),
      get(this.n),
      op.f32x4Const(LN2_LO),
      op.f32x4Mul(),
      op.f32x4Sub(),
      op.localSet(this.r),
      op.f32x4Const(POLY[0]!),
      horner,
      get(this.r),
      get(this.r),
      op.f32x4Mul(),
      op.f32x4Mul(),
      get(this.r),
      op.f32x4Add(),
      op.f32x4Const(1),
      op.f32x4Add(),
      // The integer n sits in t's low mantissa bits; adding the bias and shifting
      // left 23 pushes the magic's own bits out and leaves the float 2ⁿ.
      get(this.t),
      op.i32x4Const(EXPONENT_BIAS),
      op.i32x4Add(),
      op.i32Const(MANTISSA_BITS),
      op.i32x4Shl(),
      op.f32x4Mul(),
      get(this.x),
      op.f32x4Const(EXP_LOWER_LIMIT),
      op.f32x4Lt(),
      op.v128AndNot(),
    ];
  }
}
