import { err, ok, type Result } from '@tsukimi/result';
import { type SequenceStateInvalid, type SequenceStateProblem } from './sequence-state.errors';

/** Little-endian reads over a state file that report running past its end as a value. */
export class StateCursor {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u32(): Result<number, SequenceStateInvalid> {
    const room = this.need(4);
    if (!room.ok) return room;
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return ok(value);
  }

  i32(): Result<number, SequenceStateInvalid> {
    const room = this.need(4);
    if (!room.ok) return room;
    const value = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return ok(value);
  }

  /** A u64 that must fit a JavaScript number exactly (row sizes do). */
  u64(): Result<number, SequenceStateInvalid> {
    const room = this.need(8);
    if (!room.ok) return room;
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) return this.fail('row-size', `u64 ${value} is too large`);
    return ok(Number(value));
  }

  /** Skips `length` bytes, returning where they start. */
  skip(length: number): Result<number, SequenceStateInvalid> {
    const room = this.need(length);
    if (!room.ok) return room;
    const start = this.offset;
    this.offset += length;
    return ok(start);
  }

  fail(problem: SequenceStateProblem, detail: string): Result<never, SequenceStateInvalid> {
    return err({ kind: 'sequence-state-invalid', problem, detail, offset: this.offset });
  }

  private need(length: number): Result<void, SequenceStateInvalid> {
    if (length <= this.remaining) return ok(undefined);
    return this.fail('truncated', `needs ${length} more bytes, ${this.remaining} left`);
  }
}
