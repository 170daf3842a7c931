import { bandCopyKernel, INPUT_WINDOW, OUTPUT_WINDOW, WINDOW_BYTES } from './band-copy.kernel';
import { NATIVE_COPY_MIN_BYTES, StridedCopier } from './strided.copy';

/**
 * Narrow bands are moved together while their pieces of a row add up to at most this, and there
 * are at most `MAX_BANDS` of them: a window then holds at least 58 rows (after each band's
 * padding), so a band's part of it is that many pieces, one native copy in or out.
 */
const MAX_SPAN_BYTES = WINDOW_BYTES / 64;
const MAX_BANDS = 512;
/** Most bytes `paddedStride` adds to a band's part of the output window. */
const MAX_PADDING_BYTES = 191;

/** One band of a row-major matrix: `widthBytes` of every row, kept row after row (`strideBytes` apart) from `offset` of `bytes`. */
export interface MatrixBand {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly widthBytes: number;
  readonly strideBytes: number;
}

/**
 * Moves `rows` rows of a matrix (rows `strideBytes` apart from `offset` of `matrix`) to or from
 * bands that split each row left to right: `toBands` cuts the matrix's columns into the bands,
 * otherwise the bands are written back into the matrix. This is transposed V: one row per
 * dimension, one band per block, a piece of B elements where they meet.
 *
 * Pieces that short cost more as one copy each than their bytes do, so runs of narrow bands go
 * through a WebAssembly kernel a window of rows at a time: the rows are copied into its memory
 * whole, regrouped there by band with 16-byte moves, and each band's part copied out whole (and
 * the reverse to join). Every native copy is then kilobytes long and the windows stay in cache.
 * A band as wide as `NATIVE_COPY_MIN_BYTES` is copied piece by piece directly.
 */
export function moveBands(matrix: Uint8Array, offset: number, strideBytes: number, rows: number, bands: readonly MatrixBand[], toBands: boolean): void {
  let column = 0;
  let first = 0;
  while (first < bands.length) {
    const band = bands[first]!;
    if (band.widthBytes >= NATIVE_COPY_MIN_BYTES) {
      moveWideBand(matrix, offset + column, strideBytes, rows, band, toBands);
      column += band.widthBytes;
      first++;
      continue;
    }
    let end = first;
    let span = 0;
    while (end < bands.length && bands[end]!.widthBytes < NATIVE_COPY_MIN_BYTES && span + bands[end]!.widthBytes <= MAX_SPAN_BYTES && end - first < MAX_BANDS) span += bands[end++]!.widthBytes;
    moveNarrowBands(matrix, offset + column, strideBytes, rows, bands.slice(first, end), span, toBands);
    column += span;
    first = end;
  }
}

function moveWideBand(matrix: Uint8Array, offset: number, stride: number, rows: number, band: MatrixBand, toBands: boolean): void {
  const width = band.widthBytes;
  if (toBands) new StridedCopier(matrix, band.bytes).copy(offset, stride, band.offset, band.strideBytes, width, rows);
  else new StridedCopier(band.bytes, matrix).copy(band.offset, band.strideBytes, offset, stride, width, rows);
}

/** Consecutive bands of one width: one kernel call moves them all. */
interface WidthRun {
  readonly column: number;
  readonly width: number;
  readonly count: number;
}

/**
 * Bands that together span `span` bytes of each row (at most `MAX_SPAN_BYTES`), a window of rows
 * at a time. In the kernel's memory a row keeps its layout (`span` bytes), and each band's pieces
 * lie together, bands of one width `paddedStride` apart.
 */
function moveNarrowBands(matrix: Uint8Array, offset: number, stride: number, rows: number, bands: readonly MatrixBand[], span: number, toBands: boolean): void {
  const { memory, gather, scatter } = bandCopyKernel();
  const columns = bandColumns(bands);
  const widthRuns = runsOfOneWidth(bands, columns);
  const areas = new Array<number>(bands.length);
  const rowCopier = toBands ? new StridedCopier(matrix, memory) : new StridedCopier(memory, matrix);
  const bandCopiers = bands.map((band) => (toBands ? new StridedCopier(memory, band.bytes) : new StridedCopier(band.bytes, memory)));
  const window = Math.floor((WINDOW_BYTES - MAX_PADDING_BYTES * bands.length) / Math.max(span, 1));
  for (let first = 0; first < rows; first += window) {
    const count = Math.min(window, rows - first);
    const rowsAt = offset + first * stride;
    const bandsWindow = toBands ? OUTPUT_WINDOW : INPUT_WINDOW;
    const runAreas = placeBands(widthRuns, count, bandsWindow, areas);
    if (toBands) {
      rowCopier.copy(rowsAt, stride, INPUT_WINDOW, span, span, count);
      widthRuns.forEach((run, r) => gather(run.width)(INPUT_WINDOW + run.column, span, count, run.width, run.count, runAreas[r]!, paddedStride(count * run.width)));
      bands.forEach((band, k) => {
        const { widthBytes: width, strideBytes } = band;
        bandCopiers[k]!.copy(areas[k]!, width, band.offset + first * strideBytes, strideBytes, width, count);
      });
    } else {
      bands.forEach((band, k) => {
        const { widthBytes: width, strideBytes } = band;
        bandCopiers[k]!.copy(band.offset + first * strideBytes, strideBytes, areas[k]!, width, width, count);
      });
      widthRuns.forEach((run, r) => scatter(run.width)(runAreas[r]!, paddedStride(count * run.width), count, run.width, run.count, OUTPUT_WINDOW + run.column, span));
      rowCopier.copy(OUTPUT_WINDOW, span, rowsAt, stride, span, count);
    }
  }
}

/**
 * Bytes from one band's part of a window to the next: at least `bytes`, and an odd number of
 * 64-byte lines, so consecutive bands start in different cache sets. Parts a multiple of 4 KiB
 * long (1024 dimensions of 16 F16 tokens) would put every band's stores in the same few sets.
 */
function paddedStride(bytes: number): number {
  return Math.ceil(bytes / 128) * 128 + 64;
}

/** Where each band's `count` pieces go in the window from `at`: sets `areas` (by band) and returns where each run starts. */
function placeBands(runs: readonly WidthRun[], count: number, at: number, areas: number[]): number[] {
  let band = 0;
  return runs.map((run) => {
    const start = at;
    const stride = paddedStride(count * run.width);
    for (let j = 0; j < run.count; j++) areas[band++] = start + j * stride;
    at += run.count * stride;
    return start;
  });
}

function bandColumns(bands: readonly MatrixBand[]): number[] {
  let column = 0;
  return bands.map((band) => {
    const at = column;
    column += band.widthBytes;
    return at;
  });
}

function runsOfOneWidth(bands: readonly MatrixBand[], columns: readonly number[]): WidthRun[] {
  const runs: WidthRun[] = [];
  let first = 0;
  for (let k = 1; k <= bands.length; k++) {
    if (k < bands.length && bands[k]!.widthBytes === bands[first]!.widthBytes) continue;
    runs.push({ column: columns[first]!, width: bands[first]!.widthBytes, count: k - first });
    first = k;
  }
  return runs;
}
