import { SeededRandom } from '@tsukimi/llama-model';
import { bandCopyKernel, bandCopyModule, INPUT_WINDOW, OUTPUT_WINDOW } from './band-copy.kernel';

/** Piece widths: below 16, between multiples of 16 (the loop and every tail), and the multiples that have a function of their own. */
const WIDTHS = [1, 2, 6, 8, 14, 16, 30, 32, 48, 64, 100, 128, 176, 190];

describe('band copy kernel', () => {
  it('is a valid module', () => {
    expect(WebAssembly.validate(bandCopyModule())).toBe(true);
  });

  it.each(WIDTHS)('gathers rows of %i-byte pieces into bands (padded apart) and scatters them back, at odd addresses, touching nothing else', (width) => {
    const { memory, gather, scatter } = bandCopyKernel();
    const random = new SeededRandom(width);
    const rows = 7;
    const count = 5;
    const rowStride = count * width + 3;
    const rowsAt = INPUT_WINDOW + 1;
    const bandsAt = OUTPUT_WINDOW + 3;
    const bandStride = rows * width + 5;
    const used = rowsAt + rows * rowStride + 64;
    memory.fill(0xa5, 0, used);
    memory.fill(0x5a, OUTPUT_WINDOW, OUTPUT_WINDOW + used);
    const rowBytes = Uint8Array.from({ length: rows * rowStride }, () => random.nextU32() & 0xff);
    memory.set(rowBytes, rowsAt);

    gather(width)(rowsAt, rowStride, rows, width, count, bandsAt, bandStride);
    const expectedBands = new Uint8Array(count * bandStride).fill(0x5a);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < count; c++) expectedBands.set(rowBytes.subarray(r * rowStride + c * width, r * rowStride + (c + 1) * width), c * bandStride + r * width);
    }
    expect(Buffer.from(memory.subarray(bandsAt, bandsAt + expectedBands.length)).equals(Buffer.from(expectedBands))).toBe(true);
    expect(memory[bandsAt - 1]).toBe(0x5a);
    expect(memory[bandsAt + expectedBands.length]).toBe(0x5a);

    memory.fill(0xa5, rowsAt, rowsAt + rows * rowStride);
    scatter(width)(bandsAt, bandStride, rows, width, count, rowsAt, rowStride);
    for (let r = 0; r < rows; r++) {
      const at = rowsAt + r * rowStride;
      expect(Buffer.from(memory.subarray(at, at + count * width)).equals(Buffer.from(rowBytes.subarray(r * rowStride, r * rowStride + count * width)))).toBe(true);
      expect([...memory.subarray(at + count * width, at + rowStride)]).toEqual([0xa5, 0xa5, 0xa5]);
    }
    expect(memory[rowsAt - 1]).toBe(0xa5);
  });
});
