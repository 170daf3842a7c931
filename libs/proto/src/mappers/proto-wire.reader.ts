/**
 * Reads protobuf's wire format field by field, for the few messages decoded per token where
 * proto-loader's decode-then-`toObject` costs two objects a message. Reads as protobufjs does
 * (a uint32 from the low 32 bits of its varint, a bool as a varint other than 0, strings as
 * UTF-8 with Buffer's replacement of bad bytes) and throws a RangeError past the end, as it does.
 */
export class ProtoWireReader {
  private pos: number;

  constructor(
    private readonly bytes: Buffer,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's tag: number in the high bits, wire type in the low three. */
  tag(): number {
    return this.uint32();
  }

  uint32(): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.byte();
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new RangeError('invalid varint encoding');
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  double(): number {
    this.need(8);
    const value = this.bytes.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  string(): string {
    const length = this.uint32();
    this.need(length);
    const value = this.bytes.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** A reader over the embedded message that comes next; this one moves past it. */
  message(): ProtoWireReader {
    const length = this.uint32();
    this.need(length);
    const inner = new ProtoWireReader(this.bytes, this.pos, this.pos + length);
    this.pos += length;
    return inner;
  }

  /** Moves past a field of an unknown number, by its wire type. */
  skip(tag: number): void {
    switch (tag & 7) {
      case 0:
        this.uint32();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.advance(this.uint32());
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw new Error(`invalid wire type ${tag & 7} at offset ${this.pos}`);
    }
  }

  private byte(): number {
    if (this.pos >= this.end) throw new RangeError(`index out of range: ${this.pos} + 1 > ${this.end}`);
    return this.bytes[this.pos++]!;
  }

  private advance(length: number): void {
    this.need(length);
    this.pos += length;
  }

  private need(length: number): void {
    if (this.pos + length > this.end) throw new RangeError(`index out of range: ${this.pos} + ${length} > ${this.end}`);
  }
}
