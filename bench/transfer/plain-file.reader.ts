import * as fsp from 'node:fs/promises';

/**
 * The fastest plain read of a block file Node offers: open, one positioned read of the known
 * size into a buffer this reader reuses for every file, close. One reader per request in
 * flight, since its buffer is overwritten by the next read.
 */
export class PlainFileReader {
  private readonly buffer: Buffer;

  constructor(private readonly sizeBytes: number) {
    this.buffer = Buffer.allocUnsafeSlow(sizeBytes);
  }

  /** Reads `path` whole into the reused buffer; resolves to the bytes read. `consume` sees them before the next read. */
  async read(path: string, consume?: (bytes: Uint8Array) => void): Promise<number> {
    const handle = await fsp.open(path, 'r');
    try {
      let filled = 0;
      while (filled < this.sizeBytes) {
        // A regular file reads short only at its end: one read unless the file is shorter than expected.
        const { bytesRead } = await handle.read(this.buffer, filled, this.sizeBytes - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      consume?.(this.buffer.subarray(0, filled));
      return filled;
    } finally {
      await handle.close();
    }
  }
}
