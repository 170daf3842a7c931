import { controlOps } from './control.opcodes';
import { scalarOps } from './scalar.opcodes';
import { simdOps } from './simd.opcodes';

/**
 * Every instruction the kernel generators use, named after its text-format
 * mnemonic in camel case (`f32x4.mul` is `op.f32x4Mul()`). Each returns its
 * encoded bytes; structured ones (`block`, `loop`, `ifThen`) take their bodies.
 */
export const op = { ...controlOps, ...scalarOps, ...simdOps };
