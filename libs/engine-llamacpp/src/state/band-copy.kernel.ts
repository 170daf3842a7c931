import { type Code, FunctionBuilder, op, ValType, WasmModuleBuilder } from '@tsukimi/wasm';

const { i32 } = ValType;

/**
 * Bytes of each of the kernel's two windows: rows of a matrix staged in one, the same pieces
 * regrouped by band in the other (512 dimensions of a 1000-token F16 state). Both stay in cache
 * between the copy in, the kernel and the copy out; smaller windows measured no faster and
 * mean more, shorter copies.
 */
export const WINDOW_BYTES = 1 << 20;
/** Where the window the caller fills starts; the kernel writes the other, at `WINDOW_BYTES`. */
export const INPUT_WINDOW = 0;
export const OUTPUT_WINDOW = WINDOW_BYTES;
const PAGES = (2 * WINDOW_BYTES) / 65536;
/** Loads and stores here run at any byte address: pieces are as aligned as a state's offsets, which is not at all. */
const BYTE_ALIGNED = 0;

/**
 * Piece widths with a function of their own (every multiple of 16 below the width a native copy
 * pays for): straight-line 16-byte moves, no loop or tail per piece, which more than halves the
 * kernel's time on 32-byte pieces (16 F16 tokens).
 */
const FIXED_WIDTHS = Array.from({ length: 11 }, (_, i) => 16 * (i + 1));

/**
 * Copies piece c of row r from `rowsAt + r·rowStride + c·width` to `bandsAt + c·bandStride + r·width`,
 * so each band's pieces lie together. `bandStride` is at least `rows·width`; the caller pads it
 * so that bands do not start a multiple of 4 KiB apart, where their stores would compete for the
 * same few cache sets.
 */
export type GatherPieces = (rowsAt: number, rowStride: number, rows: number, width: number, count: number, bandsAt: number, bandStride: number) => void;
/** The reverse of `GatherPieces`. */
export type ScatterPieces = (bandsAt: number, bandStride: number, rows: number, width: number, count: number, rowsAt: number, rowStride: number) => void;

/** `rows × count` pieces of `width` bytes between rows of a matrix and bands, in the kernel's `memory`. */
export interface BandCopyKernel {
  readonly memory: Uint8Array;
  /** The gather for pieces of `width` bytes: one made for that width when there is one. */
  gather(width: number): GatherPieces;
  scatter(width: number): ScatterPieces;
}

let kernel: BandCopyKernel | undefined;

/** The kernel of this thread, compiled on first use (a few kilobytes of code and 2 MiB of memory). */
export function bandCopyKernel(): BandCopyKernel {
  if (!kernel) {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bandCopyModule())).exports;
    const pick = <F>(direction: 'gather' | 'scatter') => (width: number): F =>
      exports[`${direction}${FIXED_WIDTHS.includes(width) ? width : ''}`] as F;
    kernel = { memory: new Uint8Array((exports.memory as WebAssembly.Memory).buffer), gather: pick<GatherPieces>('gather'), scatter: pick<ScatterPieces>('scatter') };
  }
  return kernel;
}

/** The module's binary: `gather` and `scatter` for any width, `gather16`, `scatter16`, … for `FIXED_WIDTHS`, and `memory`, two windows of `WINDOW_BYTES`. */
export function bandCopyModule(): Uint8Array {
  const builder = new WasmModuleBuilder({ kind: 'own', pages: PAGES, exportAs: 'memory' });
  for (const direction of ['gather', 'scatter'] as const) {
    builder.add(movePieces(direction));
    for (const width of FIXED_WIDTHS) builder.add(movePieces(direction, width));
  }
  return builder.build();
}

/**
 * One function per direction (and width), the same loop nest: rows outer, pieces inner, so the
 * row side is walked front to back. Only the parameter order and which side steps by
 * `bandStride` differ.
 */
function movePieces(direction: 'gather' | 'scatter', fixedWidth?: number): FunctionBuilder {
  const gather = direction === 'gather';
  const fn = new FunctionBuilder(`${direction}${fixedWidth ?? ''}`, [i32, i32, i32, i32, i32, i32, i32]);
  const { rowsAt, rowStride, rows, width, count, bandsAt, bandStride } = gather
    ? { rowsAt: 0, rowStride: 1, rows: 2, width: 3, count: 4, bandsAt: 5, bandStride: 6 }
    : { bandsAt: 0, bandStride: 1, rows: 2, width: 3, count: 4, rowsAt: 5, rowStride: 6 };
  const local = (): number => fn.local(i32);
  const [row, piece, rowSide, bandSide, wide, k] = [local(), local(), local(), local(), local(), local()] as const;
  const [from, to] = gather ? [rowSide, bandSide] : [bandSide, rowSide];
  const get = op.localGet;
  const pieceWidth = fixedWidth === undefined ? get(width) : op.i32Const(fixedWidth);
  const add = (target: number, step: Code): Code => [get(target), step, op.i32Add(), op.localSet(target)];
  fn.emit(
    fixedWidth === undefined ? [get(width), op.i32Const(-16), op.i32And(), op.localSet(wide)] : [],
    op.whileLoop(
      [get(row), get(rows), op.i32LtU()],
      [get(rowsAt), get(row), get(rowStride), op.i32Mul(), op.i32Add(), op.localSet(rowSide)],
      [get(bandsAt), get(row), pieceWidth, op.i32Mul(), op.i32Add(), op.localSet(bandSide)],
      [op.i32Const(0), op.localSet(piece)],
      op.whileLoop(
        [get(piece), get(count), op.i32LtU()],
        fixedWidth === undefined ? copyPiece(from, to, width, wide, k) : copyFixedPiece(from, to, fixedWidth),
        add(rowSide, pieceWidth),
        add(bandSide, get(bandStride)),
        add(piece, op.i32Const(1)),
      ),
      add(row, op.i32Const(1)),
    ),
  );
  return fn;
}

/** `width` bytes (a multiple of 16) from address `from` to `to`, unrolled. */
function copyFixedPiece(from: number, to: number, width: number): Code {
  return Array.from({ length: width / 16 }, (_, i) => [op.localGet(to), op.localGet(from), op.v128Load(16 * i, BYTE_ALIGNED), op.v128Store(16 * i, BYTE_ALIGNED)]);
}

/** `width` bytes from address `from` to `to`: 16 at a time up to `wide` (width rounded down to 16), then 8, 4, 2 and 1 as width's low bits say. */
function copyPiece(from: number, to: number, width: number, wide: number, k: number): Code {
  const at = (base: number): Code => [op.localGet(base), op.localGet(k), op.i32Add()];
  const tail = (bytes: number, load: Code, store: Code): Code => [
    op.localGet(width),
    op.i32Const(bytes),
    op.i32And(),
    op.ifThen(at(to), at(from), load, store, op.localGet(k), op.i32Const(bytes), op.i32Add(), op.localSet(k)),
  ];
  return [
    [op.i32Const(0), op.localSet(k)],
    op.whileLoop(
      [op.localGet(k), op.localGet(wide), op.i32LtU()],
      [at(to), at(from), op.v128Load(0, BYTE_ALIGNED), op.v128Store(0, BYTE_ALIGNED)],
      [op.localGet(k), op.i32Const(16), op.i32Add(), op.localSet(k)],
    ),
    tail(8, op.i64Load(0, BYTE_ALIGNED), op.i64Store(0, BYTE_ALIGNED)),
    tail(4, op.i32Load(0, BYTE_ALIGNED), op.i32Store(0, BYTE_ALIGNED)),
    tail(2, op.i32Load16U(0, BYTE_ALIGNED), op.i32Store16(0, BYTE_ALIGNED)),
    tail(1, op.i32Load8U(), op.i32Store8()),
  ];
}
