import { SeededRandom } from '@tsukimi/llama-model';
import { type MatrixBand, moveBands } from './matrix-band.copy';

interface Shape {
  readonly rows: number;
  /** Each band's width in bytes, left to right. */
  readonly widths: readonly number[];
  /** Bytes of each band row past its width (a run whose last slots are unused). */
  readonly bandSlack: readonly number[];
  /** Bytes of each matrix row past the bands (tokens not cut). */
  readonly rowSlack: number;
}

const SENTINEL = 0xc3;

/**
 * A random byte array of `length` inside a larger buffer, at an odd offset, so no alignment can be
 * assumed. Xorshift from a seed: `SeededRandom` multiplies with `Math.imul`, slow under jest.
 */
function randomBytes(random: SeededRandom, length: number): Uint8Array {
  const words = new Uint32Array(Math.ceil((length + 8) / 4));
  let x = random.nextU32() | 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return new Uint8Array(words.buffer).subarray(3, 3 + length);
}

function int(random: SeededRandom, low: number, high: number): number {
  return low + (random.nextU32() % (high - low + 1));
}

/** Bands of mostly one width, a narrower last one, sometimes a wide one (a native copy per piece) among them. */
function randomShape(random: SeededRandom, element: number): Shape {
  const count = int(random, 1, 40);
  const block = element * int(random, 1, 70);
  const widths = Array.from({ length: count }, (_, i) => (i === count - 1 ? element * int(random, 1, block / element) : block));
  if (random.nextU32() % 3 === 0) widths.splice(int(random, 0, count - 1), 0, element * int(random, 96, 200));
  return {
    rows: int(random, 1, 90),
    widths,
    bandSlack: widths.map(() => (random.nextU32() % 4 === 0 ? element * int(random, 1, 5) : 0)),
    rowSlack: random.nextU32() % 2 === 0 ? element * int(random, 1, 9) : 0,
  };
}

function layout(shape: Shape, random: SeededRandom) {
  const span = shape.widths.reduce((sum, width) => sum + width, 0);
  const stride = span + shape.rowSlack;
  const offset = int(random, 0, 9);
  const matrix = randomBytes(random, offset + shape.rows * stride);
  const bands: MatrixBand[] = shape.widths.map((width, k) => {
    const bandStride = width + shape.bandSlack[k]!;
    const bandOffset = int(random, 0, 9);
    return { bytes: randomBytes(random, bandOffset + shape.rows * bandStride), offset: bandOffset, widthBytes: width, strideBytes: bandStride };
  });
  return { span, stride, offset, matrix, bands };
}

/** What moving should leave: one piece (a band's part of a row) copied at a time, every other byte as it was. */
function referenceMove(matrix: Uint8Array, offset: number, stride: number, rows: number, bands: readonly MatrixBand[], toBands: boolean): void {
  for (let row = 0; row < rows; row++) {
    let at = offset + row * stride;
    for (const band of bands) {
      const bandAt = band.offset + row * band.strideBytes;
      if (toBands) band.bytes.set(matrix.slice(at, at + band.widthBytes), bandAt);
      else matrix.set(band.bytes.slice(bandAt, bandAt + band.widthBytes), at);
      at += band.widthBytes;
    }
  }
}

const copyOf = (band: MatrixBand): MatrixBand => ({ ...band, bytes: Uint8Array.from(band.bytes) });
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** F16 and F32 elements, and single bytes, so odd widths and offsets take every tail path. */
const SEEDS = Array.from({ length: 45 }, (_, i) => [[2, 4, 1][i % 3]!, i] as const);

describe('moveBands: transposed V cut into bands and joined again, against a byte-by-byte copy', () => {
  it.each(SEEDS)('%i-byte elements, random shape %i: cut', (element, seed) => {
    const random = new SeededRandom(seed);
    const shape = randomShape(random, element);
    const { stride, offset, matrix, bands } = layout(shape, random);
    const expected = bands.map(copyOf);
    referenceMove(matrix, offset, stride, shape.rows, expected, true);
    const before = Uint8Array.from(matrix);
    moveBands(matrix, offset, stride, shape.rows, bands, true);
    bands.forEach((band, k) => expect(same(band.bytes, expected[k]!.bytes)).toBe(true));
    expect(same(matrix, before)).toBe(true);
  });

  it.each(SEEDS)('%i-byte elements, random shape %i: join', (element, seed) => {
    const random = new SeededRandom(seed);
    const shape = randomShape(random, element);
    const { stride, offset, matrix, bands } = layout(shape, random);
    matrix.fill(SENTINEL);
    const expected = Uint8Array.from(matrix);
    referenceMove(expected, offset, stride, shape.rows, bands, false);
    moveBands(matrix, offset, stride, shape.rows, bands, false);
    expect(same(matrix, expected)).toBe(true);
  });

  it.each([
    ['more rows than one window holds', { rows: 700, widths: [...Array<number>(62).fill(32), 16], bandSlack: Array<number>(63).fill(0), rowSlack: 0 }],
    ['bands wider together than a window row may be', { rows: 9, widths: Array<number>(700).fill(32), bandSlack: Array<number>(700).fill(0), rowSlack: 6 }],
    ['a short tail of a long row', { rows: 70, widths: [32], bandSlack: [0], rowSlack: 20000 }],
    ['more bands than one pass takes, narrow enough to fit its span', { rows: 9, widths: Array<number>(1000).fill(2), bandSlack: Array<number>(1000).fill(0), rowSlack: 0 }],
  ] as const)('%s: cut and joined again', (_name, shape) => {
    const random = new SeededRandom(shape.rows);
    const { stride, offset, matrix, bands } = layout(shape, random);
    const expected = bands.map(copyOf);
    referenceMove(matrix, offset, stride, shape.rows, expected, true);
    moveBands(matrix, offset, stride, shape.rows, bands, true);
    bands.forEach((band, k) => expect(same(band.bytes, expected[k]!.bytes)).toBe(true));
    matrix.fill(SENTINEL);
    const rejoined = Uint8Array.from(matrix);
    referenceMove(rejoined, offset, stride, shape.rows, bands, false);
    moveBands(matrix, offset, stride, shape.rows, bands, false);
    expect(same(matrix, rejoined)).toBe(true);
  });
});
