import { type Code, FunctionBuilder, op, ValType, WasmModuleBuilder } from '@tsukimi/wasm';

const U64 = (1n << 64n) - 1n;
const PRIME64_1 = 0x9e3779b185ebca87n;
const PRIME_MX1 = 0x165667919e3779f9n;
const LOW32 = 0xffffffffn;
/** XXH3's default secret, as far as inputs of up to 240 bytes read it. */
const SECRET = Uint8Array.from([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c, 0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4,
  0xb7, 0xb3, 0x67, 0x1f, 0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21, 0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e,
  0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c, 0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3, 0x71, 0x64, 0x48, 0x97,
  0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8, 0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
  0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64, 0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff,
  0xfa, 0x13, 0x63, 0xeb,
]);

/** Token bytes per block the kernel hashes: XXH3's 17–128 and 129–240 byte cases; other lengths go through the native call. */
export const KERNEL_MIN_BLOCK_BYTES = 17;
export const KERNEL_MAX_BLOCK_BYTES = 240;
/** Where the chain's parent key (u64 LE) is read from; token bytes start at `KERNEL_TOKENS_OFFSET`. */
export const KERNEL_PARENT_OFFSET = 0;
export const KERNEL_TOKENS_OFFSET = 64;
export const KERNEL_PAGES = 2;

function secretWord(offset: number): bigint {
  let word = 0n;
  for (let i = 7; i >= 0; i--) word = (word << 8n) | BigInt(SECRET[offset + i]!);
  return word;
}

/** One XXH3 `mix16B` term: the 16 input bytes at `inputOffset`, keyed by the secret at `secretOffset` and the seed. */
interface MixTerm {
  readonly inputOffset: number;
  readonly secretOffset: number;
}

/** XXH3-64's terms for an input of `length` bytes (17–240), split where the 129–240 case avalanches midway. */
function mixTerms(length: number): { readonly first: MixTerm[]; readonly second: MixTerm[] } {
  if (length > 128) {
    const first = Array.from({ length: 8 }, (_, i) => ({ inputOffset: 16 * i, secretOffset: 16 * i }));
    const second = Array.from({ length: Math.floor(length / 16) - 8 }, (_, i) => ({ inputOffset: 16 * (i + 8), secretOffset: 16 * i + 3 }));
    second.push({ inputOffset: length - 16, secretOffset: 136 - 17 });
    return { first, second };
  }
  const terms: MixTerm[] = [];
  if (length > 96) terms.push({ inputOffset: 48, secretOffset: 96 }, { inputOffset: length - 64, secretOffset: 112 });
  if (length > 64) terms.push({ inputOffset: 32, secretOffset: 64 }, { inputOffset: length - 48, secretOffset: 80 });
  if (length > 32) terms.push({ inputOffset: 16, secretOffset: 32 }, { inputOffset: length - 32, secretOffset: 48 });
  terms.push({ inputOffset: 0, secretOffset: 0 }, { inputOffset: length - 16, secretOffset: 16 });
  return { first: terms, second: [] };
}

/**
 * A WebAssembly module that computes a run of chained block keys in one call, so that hashing a
 * prompt crosses from JavaScript once rather than twice per block:
 * `chain(tokens, blocks, out)` reads `blocks` blocks of `blockBytes` token bytes from `tokens`,
 * chains them after the parent key at `KERNEL_PARENT_OFFSET` (u64 LE), and writes each key to
 * `out` as two u32 LE words, high then low, the order `keyWords` gives them in. It is XXH3-64 with `seed`, unrolled for this one input length; the link step hashes the
 * 16 bytes `parent ‖ local` as XXH3's 9–16 byte case does.
 */
export function blockKeyKernel(blockBytes: number, seed: bigint): Uint8Array {
  if (blockBytes < KERNEL_MIN_BLOCK_BYTES || blockBytes > KERNEL_MAX_BLOCK_BYTES) throw new RangeError(`the kernel hashes blocks of 17–240 bytes, not ${blockBytes}`);
  const fn = new FunctionBuilder('chain', [ValType.i32, ValType.i32, ValType.i32]);
  const tokens = fn.param(0);
  const blocks = fn.param(1);
  const out = fn.param(2);
  const i64 = () => fn.local(ValType.i64);
  const [parent, acc, tail, a, b, ll, lh, hl, cross, x] = [i64(), i64(), i64(), i64(), i64(), i64(), i64(), i64(), i64(), i64()] as const;
  const k = (value: bigint): Code => op.i64Const(value & U64);
  const get = op.localGet;

  /** Leaves `(a × b) mod 2⁶⁴ ⊕ (a × b) >> 64` on the stack: XXH3's 128-bit multiply, folded. */
  const fold = (): Code => [
    [get(a), k(LOW32), op.i64And(), get(b), k(LOW32), op.i64And(), op.i64Mul(), op.localSet(ll)],
    [get(a), k(LOW32), op.i64And(), get(b), k(32n), op.i64ShrU(), op.i64Mul(), op.localSet(lh)],
    [get(a), k(32n), op.i64ShrU(), get(b), k(LOW32), op.i64And(), op.i64Mul(), op.localSet(hl)],
    [get(ll), k(32n), op.i64ShrU(), get(hl), k(LOW32), op.i64And(), op.i64Add(), get(lh), op.i64Add(), op.localSet(cross)],
    // lower = a × b mod 2⁶⁴, one multiply; upper = hl >> 32 + cross >> 32 + a_hi × b_hi
    [get(a), get(b), op.i64Mul()],
    [get(hl), k(32n), op.i64ShrU(), get(cross), k(32n), op.i64ShrU(), op.i64Add()],
    [get(a), k(32n), op.i64ShrU(), get(b), k(32n), op.i64ShrU(), op.i64Mul(), op.i64Add()],
    op.i64Xor(),
  ];
  const mix = ({ inputOffset, secretOffset }: MixTerm): Code => [
    [get(tokens), op.i64Load(inputOffset, 2), k(secretWord(secretOffset) + seed), op.i64Xor(), op.localSet(a)],
    [get(tokens), op.i64Load(inputOffset + 8, 2), k(secretWord(secretOffset + 8) - seed), op.i64Xor(), op.localSet(b)],
    fold(),
  ];
  const addMixes = (target: number, terms: readonly MixTerm[]): Code => terms.map((term) => [get(target), mix(term), op.i64Add(), op.localSet(target)]);
  /** XXH3's avalanche of the i64 on the stack, left on the stack. */
  const avalanche = (): Code => [
    op.localTee(x),
    [get(x), k(37n), op.i64ShrU(), op.i64Xor(), k(PRIME_MX1), op.i64Mul(), op.localTee(x)],
    [get(x), k(32n), op.i64ShrU(), op.i64Xor()],
  ];
  const mask = (value: number, m: bigint, shift: bigint, left: boolean): Code =>
    left ? [get(value), k(m), op.i64And(), k(shift), op.i64Shl()] : [get(value), k(shift), op.i64ShrU(), k(m), op.i64And()];
  /** Byte-swaps local `a` in place. */
  const swapA = (): Code => [
    [mask(a, 0x00ff00ff00ff00ffn, 8n, true), mask(a, 0x00ff00ff00ff00ffn, 8n, false), op.i64Or(), op.localSet(a)],
    [mask(a, 0x0000ffff0000ffffn, 16n, true), mask(a, 0x0000ffff0000ffffn, 16n, false), op.i64Or(), op.localSet(a)],
    [get(a), k(32n), op.i64Shl(), get(a), k(32n), op.i64ShrU(), op.i64Or(), op.localSet(a)],
  ];

  const { first, second } = mixTerms(blockBytes);
  const lengthTimesPrime = BigInt(blockBytes) * PRIME64_1;
  const local =
    second.length === 0
      ? [k(lengthTimesPrime), op.localSet(acc), addMixes(acc, first), get(acc), avalanche()]
      : [k(lengthTimesPrime), op.localSet(acc), addMixes(acc, first), k(0n), op.localSet(tail), addMixes(tail, second), get(acc), avalanche(), get(tail), op.i64Add(), avalanche()];
  const bitflip1 = (secretWord(24) ^ secretWord(32)) + seed;
  const bitflip2 = (secretWord(40) ^ secretWord(48)) - seed;
  fn.emit(
    op.i32Const(KERNEL_PARENT_OFFSET),
    op.i64Load(0),
    op.localSet(parent),
    op.whileLoop(
      get(blocks),
      // b = local hash ⊕ bitflip2, a = parent ⊕ bitflip1: the link's input words.
      [local, k(bitflip2), op.i64Xor(), op.localSet(b)],
      [get(parent), k(bitflip1), op.i64Xor(), op.localSet(a)],
      [fold(), get(b), op.i64Add(), k(16n), op.i64Add(), op.localSet(acc)],
      [swapA(), get(acc), get(a), op.i64Add(), avalanche(), op.localSet(parent)],
      [get(out), get(parent), k(32n), op.i64Rotl(), op.i64Store(0)],
      [get(tokens), op.i32Const(blockBytes), op.i32Add(), op.localSet(tokens)],
      [get(out), op.i32Const(8), op.i32Add(), op.localSet(out)],
      [get(blocks), op.i32Const(1), op.i32Sub(), op.localSet(blocks)],
    ),
  );
  const module = new WasmModuleBuilder({ kind: 'own', pages: KERNEL_PAGES, exportAs: 'memory' });
  module.add(fn);
  return module.build();
}
