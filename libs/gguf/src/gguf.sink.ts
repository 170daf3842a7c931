/** A growable little-endian byte buffer for the GGUF header, metadata and tensor infos. */
export class GgufSink {
  private bytes = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  offset = 0;

  u8(v: number): void {
    this.reserve(1).setUint8(this.offset++, v);
  }
  i8(v: number): void {
    this.reserve(1).setInt8(this.offset++, v);
  }
  u16(v: number): void {
    this.reserve(2).setUint16(this.offset, v, true);
    this.offset += 2;
  }
  i16(v: number): void {
    this.reserve(2).setInt16(this.offset, v, true);
    this.offset += 2;
  }
  u32(v: number): void {
    this.reserve(4).setUint32(this.offset, v, true);
    this.offset += 4;
  }
  i32(v: number): void {
    this.reserve(4).setInt32(this.offset, v, true);
    this.offset += 4;
  }
  f32(v: number): void {
    this.reserve(4).setFloat32(this.offset, v, true);
    this.offset += 4;
  }
  f64(v: number): void {
    this.reserve(8).setFloat64(this.offset, v, true);
    this.offset += 8;
  }
  u64(v: bigint): void {
    this.reserve(8).setBigUint64(this.offset, v, true);
    this.offset += 8;
  }
  i64(v: bigint): void {
    this.reserve(8).setBigInt64(this.offset, v, true);
    this.offset += 8;
  }

  /** A u64 byte length followed by the UTF-8 bytes. */
  string(text: string): void {
    const encoded = Buffer.from(text, 'utf8');
    this.u64(BigInt(encoded.byteLength));
    this.reserve(encoded.byteLength);
    this.bytes.set(encoded, this.offset);
    this.offset += encoded.byteLength;
  }

  /** The bytes written so far. */
  contents(): Uint8Array {
    return this.bytes.subarray(0, this.offset);
  }

  private reserve(extra: number): DataView {
    if (this.offset + extra > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(this.bytes.byteLength * 2, this.offset + extra));
      grown.set(this.bytes.subarray(0, this.offset));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    return this.view;
  }
}
