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

  /** A uint64 as proto-loader gives it with `longs: Number`: low and high 32 bits joined, exact below 2^53. */
  uint64(): number {
    let low = 0;
    let high = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.byte();
      const bits = byte & 0x7f;
      if (shift < 28) low |= bits << shift;
      else if (shift === 28) {
        low |= bits << 28;
        high |= bits >>> 4;
      } else if (shift < 64) high |= bits << (shift - 32);
      if (byte < 0x80) return (low >>> 0) + (high >>> 0) * 4294967296;
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

/** What to do with each known field of a message, by field number; unknown ones are skipped. */
export type FieldReaders<T> = Readonly<Record<number, (target: T, reader: ProtoWireReader) => void>>;

/** Reads every field of the message `reader` spans into `target`. */
export function readInto<T>(reader: ProtoWireReader, target: T, fields: FieldReaders<T>): T {
  while (!reader.done) {
    const tag = reader.tag();
    const field = fields[tag >>> 3];
    if (field) field(target, reader);
    else reader.skip(tag);
  }
  return target;
}
