import { err, ok, type Result } from '@tsukimi/result';
import { type GgufError, truncated } from './gguf.errors';

/**
 * Little-endian reads over GGUF bytes. The fixed-size reads do not check bounds: callers
 * check `need` first, once per field or once per run of fixed-size array items.
 */
export class GgufCursor {
  readonly length: number;
  offset = 0;
  private readonly view: DataView;
  private readonly buffer: Buffer;

  constructor(bytes: Uint8Array) {
    this.length = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.length - this.offset;
  }

  need(bytes: number, what: string): GgufError | undefined {
    return bytes <= this.remaining ? undefined : truncated(what, this.offset, bytes);
  }

  u8(): number {
    return this.view.getUint8(this.offset++);
  }
  i8(): number {
    return this.view.getInt8(this.offset++);
  }
  u16(): number {
    return this.advance(2, this.view.getUint16(this.offset, true));
  }
  i16(): number {
    return this.advance(2, this.view.getInt16(this.offset, true));
  }
  u32(): number {
    return this.advance(4, this.view.getUint32(this.offset, true));
  }
  i32(): number {
    return this.advance(4, this.view.getInt32(this.offset, true));
  }
  f32(): number {
    return this.advance(4, this.view.getFloat32(this.offset, true));
  }
  f64(): number {
    return this.advance(8, this.view.getFloat64(this.offset, true));
  }
  u64(): bigint {
    return this.advance(8, this.view.getBigUint64(this.offset, true));
  }
  i64(): bigint {
    return this.advance(8, this.view.getBigInt64(this.offset, true));
  }

  /** A u64 length followed by that many UTF-8 bytes; invalid UTF-8 decodes to U+FFFD as in most GGUF tools. */
  string(what: string): Result<string, GgufError> {
    const short = this.need(8, what);
    if (short) return err(short);
    const start = this.offset;
    const length = this.u64();
    if (length > BigInt(this.remaining)) {
      this.offset = start;
      return err(truncated(what, start, Number(length) + 8));
    }
    const end = this.offset + Number(length);
    const text = this.buffer.toString('utf8', this.offset, end);
    this.offset = end;
    return ok(text);
  }

  /**
   * A 64-bit count (the header's are signed, array lengths unsigned) of items of at least
   * `minItemBytes` each, refused when the remaining bytes could not hold them, so that a
   * corrupt count never drives a huge allocation.
   */
  count(what: string, minItemBytes: number, signed = false): Result<number, GgufError> {
    const short = this.need(8, what);
    if (short) return err(short);
    const start = this.offset;
    const count = signed ? this.i64() : this.u64();
    if (count < 0n) return err({ kind: 'invalid-count', what, count: String(count), message: `GGUF ${what} is negative (${count})` });
    if (count * BigInt(minItemBytes) > BigInt(this.remaining)) {
      return err(truncated(`${what} (${count} items)`, start, Number(count) * minItemBytes + 8));
    }
    return ok(Number(count));
  }

  private advance<T>(bytes: number, value: T): T {
    this.offset += bytes;
    return value;
  }
}
