import { assembleModule, I32, I64, op, V128, type Code, type WasmFunction } from './wasm.emit';

/**
 * XXH3-64 of inputs longer than 240 bytes (the "long" path of the reference, xxHash 0.8), with
 * its 64-byte stripes accumulated in 128-bit SIMD: one stripe is four lanes of
 * `acc += swap64(data) + lo32(data ^ key) * hi32(data ^ key)`. The caller streams the input
 * through `INPUT_OFFSET` in whole 1 KiB blocks, then hands over the tail.
 *
 * Memory: accumulators at 0, the default secret at 64 (written by the caller once), the secret
 * derived from the seed at 256, the input window at 512.
 */
export const ACC_OFFSET = 0;
export const DEFAULT_SECRET_OFFSET = 64;
const SECRET = 256;
export const INPUT_OFFSET = 512;
/** Bytes of input one `consumeBlocks` call can take: 256 blocks, so the window stays in L2 between copy and hash. */
export const WINDOW_BLOCKS = 256;
export const BLOCK_BYTES = 1024;
const PAGES = Math.ceil((INPUT_OFFSET + WINDOW_BLOCKS * BLOCK_BYTES) / 65536);

const SECRET_BYTES = 192;
const STRIPE_BYTES = 64;
const STRIPES_PER_BLOCK = (SECRET_BYTES - STRIPE_BYTES) / 8;
const SCRAMBLE_SECRET = SECRET + SECRET_BYTES - STRIPE_BYTES;
const LAST_STRIPE_SECRET = SECRET + SECRET_BYTES - STRIPE_BYTES - 7;
const MERGE_SECRET = SECRET + 11;

const PRIME32_1 = 0x9e3779b1n;
const PRIME64_1 = 0x9e3779b185ebca87n;
const INIT_ACC = [0xc2b2ae3dn, PRIME64_1, 0xc2b2ae3d27d4eb4fn, 0x165667b19e3779f9n, 0x85ebca77c2b2ae63n, 0x85ebca77n, 0x27d4eb2f165667c5n, PRIME32_1];

/** The 192-byte default secret of XXH3 (`kSecret`). */
export const DEFAULT_SECRET = Uint8Array.from(
  Buffer.from(
    'b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c' +
      '3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364' +
      'eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e',
    'hex',
  ),
);

const SWAP_64 = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** The low (and the high) 32 bits of the four 64-bit lanes of two vectors, as four i32 lanes. */
const LOW_HALVES = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
const HIGH_HALVES = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];

interface Lanes {
  readonly acc: readonly number[];
  readonly data: readonly number[];
  readonly mixed: readonly number[];
}

/**
 * One stripe at `input + inputOffset`, keyed by the secret at `secretAddress + secretOffset`.
 * Lanes go in pairs: one shuffle gathers the low halves of both pairs' `data ^ key`, one the
 * high halves, and `extmul` multiplies them for the first lane pair and the second.
 */
function stripe(lanes: Lanes, input: number, inputOffset: number, secretAddress: Code, secretOffset: number): Code {
  const mix = (j: number, into: number): Code => [
    op.get(input),
    op.v128Load(inputOffset + 16 * j),
    op.set(lanes.data[j % 2] as number),
    op.get(lanes.data[j % 2] as number),
    secretAddress,
    op.v128Load(secretOffset + 16 * j),
    op.v128Xor,
    op.set(into),
  ];
  return [0, 2].map((j) => {
    const [first, second] = [lanes.acc[j] as number, lanes.acc[j + 1] as number];
    const [dataFirst, dataSecond] = lanes.data as [number, number];
    const [mixedFirst, mixedSecond] = lanes.mixed as [number, number];
    const halves = (pick: readonly number[]): Code => [op.get(mixedFirst), op.get(mixedSecond), op.i8x16Shuffle(pick)];
    return [
      mix(j, mixedFirst),
      mix(j + 1, mixedSecond),
      [op.get(first), op.get(dataFirst), op.get(dataFirst), op.i8x16Shuffle(SWAP_64), op.i64x2Add],
      [halves(LOW_HALVES), halves(HIGH_HALVES), op.i64x2ExtmulLowI32x4U, op.i64x2Add, op.set(first)],
      [op.get(second), op.get(dataSecond), op.get(dataSecond), op.i8x16Shuffle(SWAP_64), op.i64x2Add],
      [halves(LOW_HALVES), halves(HIGH_HALVES), op.i64x2ExtmulHighI32x4U, op.i64x2Add, op.set(second)],
    ];
  });
}

const loadAcc = (acc: readonly number[]): Code => acc.map((local, j) => [op.i32Const(0), op.v128Load(ACC_OFFSET + 16 * j), op.set(local)]);
const storeAcc = (acc: readonly number[]): Code => acc.map((local, j) => [op.i32Const(0), op.get(local), op.v128Store(ACC_OFFSET + 16 * j)]);

/** `mulFold(a, b)`: the 128-bit product of two u64, its halves xored (XXH3_mul128_fold64). */
function mulFold(): WasmFunction {
  const [a, b, aLo, aHi, bLo, bHi, lowLow, highLow, cross] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const low32 = (local: number): Code => [op.get(local), op.i64Const(0xffffffffn), op.i64And];
  const high32 = (local: number): Code => [op.get(local), op.i64Const(32n), op.i64ShrU];
  return {
    name: 'mulFold',
    params: [I64, I64],
    results: [I64],
    locals: [I64, I64, I64, I64, I64, I64, I64],
    body: [
      [low32(a), op.set(aLo), high32(a), op.set(aHi), low32(b), op.set(bLo), high32(b), op.set(bHi)],
      [op.get(aLo), op.get(bLo), op.i64Mul, op.set(lowLow), op.get(aHi), op.get(bLo), op.i64Mul, op.set(highLow)],
      [high32(lowLow), low32(highLow), op.i64Add, op.get(aLo), op.get(bHi), op.i64Mul, op.i64Add, op.set(cross)],
      [high32(highLow), high32(cross), op.i64Add, op.get(aHi), op.get(bHi), op.i64Mul, op.i64Add],
      [op.get(cross), op.i64Const(32n), op.i64Shl, low32(lowLow), op.i64Or, op.i64Xor],
    ],
  };
}

/** `reset(seed)`: fresh accumulators and the secret for `seed` (the default secret plus and minus it, in turn). */
function reset(): WasmFunction {
  const seed = 0;
  const initAcc = INIT_ACC.map((value, i) => [op.i32Const(0), op.i64Const(value), op.i64Store(ACC_OFFSET + 8 * i)]);
  const deriveSecret = Array.from({ length: SECRET_BYTES / 16 }, (_, i) =>
    [op.i64Add, op.i64Sub].map((combine, half) => {
      const offset = 16 * i + 8 * half;
      return [op.i32Const(0), op.i32Const(0), op.i64Load(DEFAULT_SECRET_OFFSET + offset), op.get(seed), combine, op.i64Store(SECRET + offset)];
    }),
  );
  return { name: 'reset', params: [I64], results: [], locals: [], body: [initAcc, deriveSecret] };
}

/** `consumeBlocks(ptr, count)`: `count` whole blocks of 16 stripes, each followed by the scramble. */
function consumeBlocks(): WasmFunction {
  const [ptr, count, a0, a1, a2, a3, d0, d1, m0, m1, prime] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const lanes = { acc: [a0, a1, a2, a3], data: [d0, d1], mixed: [m0, m1] };
  const stripes = Array.from({ length: STRIPES_PER_BLOCK }, (_, s) => stripe(lanes, ptr, STRIPE_BYTES * s, op.i32Const(0), SECRET + 8 * s));
  const scramble = lanes.acc.map((acc, j) => [
    op.get(acc),
    op.get(acc),
    op.i32Const(47),
    op.i64x2ShrU,
    op.v128Xor,
    op.i32Const(0),
    op.v128Load(SCRAMBLE_SECRET + 16 * j),
    op.v128Xor,
    op.get(prime),
    op.i64x2Mul,
    op.set(acc),
  ]);
  return {
    name: 'consumeBlocks',
    params: [I32, I32],
    results: [],
    locals: [V128, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      loadAcc(lanes.acc),
      [op.i64Const(PRIME32_1), op.i64x2Splat, op.set(prime)],
      op.block,
      [op.get(count), op.i32Eqz, op.brIf(0)],
      op.loop,
      stripes,
      scramble,
      [op.get(ptr), op.i32Const(BLOCK_BYTES), op.i32Add, op.set(ptr)],
      [op.get(count), op.i32Const(1), op.i32Sub, op.set(count), op.get(count), op.brIf(0)],
      op.end,
      op.end,
      storeAcc(lanes.acc),
    ],
  };
}

/**
 * `finish(ptr, tailBytes, totalBytes)`: the last, partial block (1 to 1024 bytes at `ptr`, with
 * the 64 bytes before it readable when it is shorter than a stripe), the last stripe, then the
 * merge and the avalanche. Returns the hash.
 */
function finish(): WasmFunction {
  const [ptr, tail, total, a0, a1, a2, a3, d0, d1, m0, m1, walk, stripesLeft, secretAt, result] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const lanes = { acc: [a0, a1, a2, a3], data: [d0, d1], mixed: [m0, m1] };
  const word = (offset: number): Code => [op.i32Const(0), op.i64Load(offset)];
  const merge = Array.from({ length: 4 }, (_, i) => [
    op.get(result),
    word(ACC_OFFSET + 16 * i),
    word(MERGE_SECRET + 16 * i),
    op.i64Xor,
    word(ACC_OFFSET + 16 * i + 8),
    word(MERGE_SECRET + 16 * i + 8),
    op.i64Xor,
    op.call(0),
    op.i64Add,
    op.set(result),
  ]);
  const shiftXor = (bits: bigint): Code => [op.get(result), op.get(result), op.i64Const(bits), op.i64ShrU, op.i64Xor, op.set(result)];
  return {
    name: 'finish',
    params: [I32, I32, I64],
    results: [I64],
    locals: [V128, V128, V128, V128, V128, V128, V128, V128, I32, I32, I32, I64],
    body: [
      loadAcc(lanes.acc),
      [op.get(ptr), op.set(walk), op.i32Const(0), op.set(secretAt)],
      [op.get(tail), op.i32Const(1), op.i32Sub, op.i32Const(6), op.i32ShrU, op.set(stripesLeft)],
      op.block,
      [op.get(stripesLeft), op.i32Eqz, op.brIf(0)],
      op.loop,
      stripe(lanes, walk, 0, op.get(secretAt), SECRET),
      [op.get(walk), op.i32Const(STRIPE_BYTES), op.i32Add, op.set(walk)],
      [op.get(secretAt), op.i32Const(8), op.i32Add, op.set(secretAt)],
      [op.get(stripesLeft), op.i32Const(1), op.i32Sub, op.set(stripesLeft), op.get(stripesLeft), op.brIf(0)],
      op.end,
      op.end,
      [op.get(ptr), op.get(tail), op.i32Add, op.i32Const(STRIPE_BYTES), op.i32Sub, op.set(walk)],
      stripe(lanes, walk, 0, op.i32Const(0), LAST_STRIPE_SECRET),
      storeAcc(lanes.acc),
      [op.get(total), op.i64Const(PRIME64_1), op.i64Mul, op.set(result)],
      merge,
      shiftXor(37n),
      [op.get(result), op.i64Const(0x165667919e3779f9n), op.i64Mul, op.set(result)],
      shiftXor(32n),
      op.get(result),
    ],
  };
}

/** The module's binary: `mulFold` (index 0, called by `finish`), `reset`, `consumeBlocks`, `finish`, and `memory`. */
export function xxh3LongModule(): Uint8Array {
  return assembleModule([mulFold(), reset(), consumeBlocks(), finish()], PAGES);
}
