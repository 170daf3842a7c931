import { unsignedLeb128 } from './leb128.codec';
import { type Code } from './wasm.types';

/** Block type of every structured instruction here: no parameters, no results. */
const VOID = 0x40;
const END = 0x0b;

/**
 * Control flow and locals. Structured instructions take their bodies and close
 * themselves, so an emitter cannot forget an `end`; branch depths still count
 * enclosing blocks outward from 0, as in the binary format.
 */
export const controlOps = {
  unreachable: (): Code => [0x00],
  nop: (): Code => [0x01],
  block: (...body: Code[]): Code => [0x02, VOID, body, END],
  loop: (...body: Code[]): Code => [0x03, VOID, body, END],
  /** Pops an i32 condition; runs `body` when it is non-zero. */
  ifThen: (...body: Code[]): Code => [0x04, VOID, body, END],
  /** Pops an i32 condition; runs `then` when it is non-zero, else `otherwise`. */
  ifElse: (then: Code[], otherwise: Code[]): Code => [0x04, VOID, then, 0x05, otherwise, END],
  br: (depth: number): Code => [0x0c, ...unsignedLeb128(depth)],
  brIf: (depth: number): Code => [0x0d, ...unsignedLeb128(depth)],
  return: (): Code => [0x0f],
  call: (functionIndex: number): Code => [0x10, ...unsignedLeb128(functionIndex)],
  drop: (): Code => [0x1a],
  select: (): Code => [0x1b],
  localGet: (index: number): Code => [0x20, ...unsignedLeb128(index)],
  localSet: (index: number): Code => [0x21, ...unsignedLeb128(index)],
  localTee: (index: number): Code => [0x22, ...unsignedLeb128(index)],

  /**
   * `while (condition) body`: `condition` leaves an i32. Inside `body` depth 0 is
   * the loop (continue) and depth 1 the enclosing block (break).
   */
  whileLoop: (condition: Code, ...body: Code[]): Code =>
    controlOps.block(controlOps.loop(condition, [0x45 /* i32.eqz */], controlOps.brIf(1), ...body, controlOps.br(0))),
};
