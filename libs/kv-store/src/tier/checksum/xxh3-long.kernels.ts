import { type Code, FunctionBuilder, op, ValType, WasmModuleBuilder } from '@tsukimi/wasm';

const { i32, i64, v128 } = ValType;

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
/** Where the input window ends: memory past it is free for inputs that are hashed where they lie. */
export const WINDOW_END = INPUT_OFFSET + WINDOW_BLOCKS * BLOCK_BYTES;
const PAGE_BYTES = 65536;
/** Alignment hint of loads from the input and the secret, which the kernels read at any byte offset. */
const BYTE_ALIGNED = 0;

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

/** The locals of one stripe: four accumulator vectors, and two each for the data and the data xored with the key. */
function laneLocals(fn: FunctionBuilder): Lanes {
  return { acc: fn.locals(v128, 4), data: fn.locals(v128, 2), mixed: fn.locals(v128, 2) };
}

/**
 * One stripe at `input + inputOffset`, keyed by the secret at `secretAddress + secretOffset`.
 * Lanes go in pairs: one shuffle gathers the low halves of both pairs' `data ^ key`, one the
 * high halves, and `extmul` multiplies them for the first lane pair and the second.
 */
function stripe(lanes: Lanes, input: number, inputOffset: number, secretAddress: Code, secretOffset: number): Code {
  const mix = (j: number, into: number): Code => [
    op.localGet(input),
    op.v128Load(inputOffset + 16 * j, BYTE_ALIGNED),
    op.localSet(lanes.data[j % 2] as number),
    op.localGet(lanes.data[j % 2] as number),
    secretAddress,
    op.v128Load(secretOffset + 16 * j, BYTE_ALIGNED),
    op.v128Xor(),
    op.localSet(into),
  ];
  return [0, 2].map((j) => {
    const [first, second] = [lanes.acc[j] as number, lanes.acc[j + 1] as number];
    const [dataFirst, dataSecond] = lanes.data as [number, number];
    const [mixedFirst, mixedSecond] = lanes.mixed as [number, number];
    const halves = (pick: readonly number[]): Code => [op.localGet(mixedFirst), op.localGet(mixedSecond), op.i8x16Shuffle(pick)];
    return [
      mix(j, mixedFirst),
      mix(j + 1, mixedSecond),
      [op.localGet(first), op.localGet(dataFirst), op.localGet(dataFirst), op.i8x16Shuffle(SWAP_64), op.i64x2Add()],
      [halves(LOW_HALVES), halves(HIGH_HALVES), op.i64x2ExtmulLowI32x4U(), op.i64x2Add(), op.localSet(first)],
      [op.localGet(second), op.localGet(dataSecond), op.localGet(dataSecond), op.i8x16Shuffle(SWAP_64), op.i64x2Add()],
      [halves(LOW_HALVES), halves(HIGH_HALVES), op.i64x2ExtmulHighI32x4U(), op.i64x2Add(), op.localSet(second)],
    ];
  });
}

const loadAcc = (acc: readonly number[]): Code => acc.map((local, j) => [op.i32Const(0), op.v128Load(ACC_OFFSET + 16 * j), op.localSet(local)]);
const storeAcc = (acc: readonly number[]): Code => acc.map((local, j) => [op.i32Const(0), op.localGet(local), op.v128Store(ACC_OFFSET + 16 * j)]);

/** `count -= 1` and back to the loop while it is not zero: the tail of a loop run `count` times. */
const countDown = (count: number): Code => [op.localGet(count), op.i32Const(1), op.i32Sub(), op.localTee(count), op.brIf(0)];

/** `mulFold(a, b)`: the 128-bit product of two u64, its halves xored (XXH3_mul128_fold64). */
function mulFold(): FunctionBuilder {
  const fn = new FunctionBuilder('mulFold', [i64, i64], [i64]);
  const [a, b] = [fn.param(0), fn.param(1)];
  const [aLo, aHi, bLo, bHi, lowLow, highLow, cross] = fn.locals(i64, 7) as [number, number, number, number, number, number, number];
  const low32 = (local: number): Code => [op.localGet(local), op.i64Const(0xffffffffn), op.i64And()];
  const high32 = (local: number): Code => [op.localGet(local), op.i64Const(32n), op.i64ShrU()];
  return fn.emit(
    [low32(a), op.localSet(aLo), high32(a), op.localSet(aHi), low32(b), op.localSet(bLo), high32(b), op.localSet(bHi)],
    [op.localGet(aLo), op.localGet(bLo), op.i64Mul(), op.localSet(lowLow), op.localGet(aHi), op.localGet(bLo), op.i64Mul(), op.localSet(highLow)],
    [high32(lowLow), low32(highLow), op.i64Add(), op.localGet(aLo), op.localGet(bHi), op.i64Mul(), op.i64Add(), op.localSet(cross)],
    [high32(highLow), high32(cross), op.i64Add(), op.localGet(aHi), op.localGet(bHi), op.i64Mul(), op.i64Add()],
    [op.localGet(cross), op.i64Const(32n), op.i64Shl(), low32(lowLow), op.i64Or(), op.i64Xor()],
  );
}

/** `reset(seed)`: fresh accumulators and the secret for `seed` (the default secret plus and minus it, in turn). */
function reset(): FunctionBuilder {
  const fn = new FunctionBuilder('reset', [i64]);
  const seed = fn.param(0);
  const initAcc = INIT_ACC.map((value, i) => [op.i32Const(0), op.i64Const(value), op.i64Store(ACC_OFFSET + 8 * i)]);
  const deriveSecret = Array.from({ length: SECRET_BYTES / 16 }, (_, i) =>
    [op.i64Add(), op.i64Sub()].map((combine, half) => {
      const offset = 16 * i + 8 * half;
      return [op.i32Const(0), op.i32Const(0), op.i64Load(DEFAULT_SECRET_OFFSET + offset), op.localGet(seed), combine, op.i64Store(SECRET + offset)];
    }),
  );
  return fn.emit(initAcc, deriveSecret);
}

/** `consumeBlocks(ptr, count)`: `count` whole blocks of 16 stripes, each followed by the scramble. */
function consumeBlocks(): FunctionBuilder {
  const fn = new FunctionBuilder('consumeBlocks', [i32, i32]);
  const [ptr, count] = [fn.param(0), fn.param(1)];
  const lanes = laneLocals(fn);
  const prime = fn.local(v128);
  const stripes = Array.from({ length: STRIPES_PER_BLOCK }, (_, s) => stripe(lanes, ptr, STRIPE_BYTES * s, op.i32Const(0), SECRET + 8 * s));
  const scramble = lanes.acc.map((acc, j) => [
    [op.localGet(acc), op.localGet(acc), op.i32Const(47), op.i64x2ShrU(), op.v128Xor()],
    [op.i32Const(0), op.v128Load(SCRAMBLE_SECRET + 16 * j), op.v128Xor(), op.localGet(prime), op.i64x2Mul(), op.localSet(acc)],
  ]);
  return fn.emit(
    loadAcc(lanes.acc),
    [op.i64Const(PRIME32_1), op.i64x2Splat(), op.localSet(prime)],
    op.block(
      [op.localGet(count), op.i32Eqz(), op.brIf(0)],
      op.loop(stripes, scramble, [op.localGet(ptr), op.i32Const(BLOCK_BYTES), op.i32Add(), op.localSet(ptr)], countDown(count)),
    ),
    storeAcc(lanes.acc),
  );
}

/**
 * `finish(ptr, tailBytes, totalBytes)`: the last, partial block (1 to 1024 bytes at `ptr`, with
 * the 64 bytes before it readable when it is shorter than a stripe), the last stripe, then the
 * merge and the avalanche. Returns the hash; `mulFoldIndex` is the function index of `mulFold`.
 */
function finish(mulFoldIndex: number): FunctionBuilder {
  const fn = new FunctionBuilder('finish', [i32, i32, i64], [i64]);
  const [ptr, tail, total] = [fn.param(0), fn.param(1), fn.param(2)];
  const lanes = laneLocals(fn);
  const [walk, stripesLeft, secretAt] = fn.locals(i32, 3) as [number, number, number];
  const result = fn.local(i64);
  const word = (offset: number, alignLog2?: number): Code => [op.i32Const(0), op.i64Load(offset, alignLog2)];
  const merge = Array.from({ length: 4 }, (_, i) => [
    [op.localGet(result), word(ACC_OFFSET + 16 * i), word(MERGE_SECRET + 16 * i, BYTE_ALIGNED), op.i64Xor()],
    [word(ACC_OFFSET + 16 * i + 8), word(MERGE_SECRET + 16 * i + 8, BYTE_ALIGNED), op.i64Xor()],
    [op.call(mulFoldIndex), op.i64Add(), op.localSet(result)],
  ]);
  const shiftXor = (bits: bigint): Code => [op.localGet(result), op.localGet(result), op.i64Const(bits), op.i64ShrU(), op.i64Xor(), op.localSet(result)];
  return fn.emit(
    loadAcc(lanes.acc),
    [op.localGet(ptr), op.localSet(walk), op.i32Const(0), op.localSet(secretAt)],
    [op.localGet(tail), op.i32Const(1), op.i32Sub(), op.i32Const(6), op.i32ShrU(), op.localSet(stripesLeft)],
    op.block(
      [op.localGet(stripesLeft), op.i32Eqz(), op.brIf(0)],
      op.loop(
        stripe(lanes, walk, 0, op.localGet(secretAt), SECRET),
        [op.localGet(walk), op.i32Const(STRIPE_BYTES), op.i32Add(), op.localSet(walk)],
        [op.localGet(secretAt), op.i32Const(8), op.i32Add(), op.localSet(secretAt)],
        countDown(stripesLeft),
      ),
    ),
    [op.localGet(ptr), op.localGet(tail), op.i32Add(), op.i32Const(STRIPE_BYTES), op.i32Sub(), op.localSet(walk)],
    stripe(lanes, walk, 0, op.i32Const(0), LAST_STRIPE_SECRET),
    storeAcc(lanes.acc),
    [op.localGet(total), op.i64Const(PRIME64_1), op.i64Mul(), op.localSet(result)],
    merge,
    shiftXor(37n),
    [op.localGet(result), op.i64Const(0x165667919e3779f9n), op.i64Mul(), op.localSet(result)],
    shiftXor(32n),
    op.localGet(result),
  );
}

/**
 * The module's binary: `mulFold`, `reset`, `consumeBlocks`, `finish`, and its own fixed `memory`:
 * the window, then at least `extraBytes` more that the kernels read in place. Fixed, so views of it
 * lent out are never detached by a grow.
 */
export function xxh3LongModule(extraBytes = 0): Uint8Array {
  const pages = Math.ceil((WINDOW_END + extraBytes) / PAGE_BYTES);
  const builder = new WasmModuleBuilder({ kind: 'own', pages, exportAs: 'memory' });
  const mulFoldIndex = builder.add(mulFold());
  builder.add(reset());
  builder.add(consumeBlocks());
  builder.add(finish(mulFoldIndex));
  return builder.build();
}
