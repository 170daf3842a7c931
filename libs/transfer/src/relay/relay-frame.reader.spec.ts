import { RelayFrameReader } from './relay-frame.reader';
import { encodeFailure, encodeFrame, type Frame, FrameKind, decodeFailure } from './relay.frame';

type Seen = { kind: FrameKind; streamId: number; payload: string };

function read(reader: RelayFrameReader, chunks: readonly Buffer[]): { seen: Seen[]; errors: string[] } {
  const seen: Seen[] = [];
  const errors: string[] = [];
  const onFrame = (f: Frame) => seen.push({ kind: f.kind, streamId: f.streamId, payload: f.payload.toString('utf8') });
  for (const chunk of chunks) {
    const result = reader.push(chunk, onFrame);
    if (!result.ok) errors.push(result.error);
  }
  return { seen, errors };
}

/** Cuts `bytes` at each of `cuts` (offsets, ascending). */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const edges = [0, ...cuts, bytes.length];
  return edges.slice(1).map((end, i) => Buffer.from(bytes.subarray(edges[i], end)));
}

const frames = [
  encodeFrame(FrameKind.Message, 1, Buffer.from('one')),
  encodeFrame(FrameKind.Message, 2, Buffer.from('two, interleaved')),
  encodeFrame(FrameKind.End, 1),
  encodeFrame(FrameKind.Message, 2, Buffer.from('')),
  encodeFrame(FrameKind.Error, 2, Buffer.from('x')),
];
const all = Buffer.concat(frames);
const expected: Seen[] = [
  { kind: FrameKind.Message, streamId: 1, payload: 'one' },
  { kind: FrameKind.Message, streamId: 2, payload: 'two, interleaved' },
  { kind: FrameKind.End, streamId: 1, payload: '' },
  { kind: FrameKind.Message, streamId: 2, payload: '' },
  { kind: FrameKind.Error, streamId: 2, payload: 'x' },
];

describe('RelayFrameReader', () => {
  it.each([
    ['one chunk', []],
    ['every byte alone', Array.from({ length: all.length - 1 }, (_, i) => i + 1)],
    ['inside the length prefix', [2]],
    ['between header and payload', [9]],
    ['inside a payload, then at a frame edge', [11, frames[0]!.length + frames[1]!.length]],
    ['a frame and a half, then the rest', [frames[0]!.length + 7, all.length - 3]],
  ])('cuts interleaved streams into the same frames however the bytes arrive: %s', (_, cuts) => {
    const reader = new RelayFrameReader({ maxFrameBytes: 1024 });
    const { seen, errors } = read(reader, split(all, cuts));
    expect(errors).toEqual([]);
    expect(seen).toEqual(expected);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('keeps a partial frame until the rest comes', () => {
    const reader = new RelayFrameReader({ maxFrameBytes: 1024 });
    expect(read(reader, [all.subarray(0, 5)]).seen).toEqual([]);
    expect(reader.bufferedBytes).toBe(5);
  });

  it.each([
    ['a body over the limit', (() => { const b = Buffer.alloc(9); b.writeUInt32BE(65, 0); return b; })(), 'over the limit of 64'],
    ['a body shorter than its header', (() => { const b = Buffer.alloc(9); b.writeUInt32BE(4, 0); return b; })(), 'shorter than its header'],
    ['an unknown kind', (() => { const b = encodeFrame(FrameKind.End, 3); b.writeUInt8(9, 4); return b; })(), 'unknown kind 9'],
  ])('refuses %s before reading its payload', (_, bytes, message) => {
    const reader = new RelayFrameReader({ maxFrameBytes: 64 });
    const { seen, errors } = read(reader, [bytes]);
    expect(seen).toEqual([]);
    expect(errors).toEqual([expect.stringContaining(message)]);
  });

  it('accepts a body exactly at the limit', () => {
    const reader = new RelayFrameReader({ maxFrameBytes: 64 });
    const frame = encodeFrame(FrameKind.Message, 7, Buffer.alloc(59, 1));
    expect(read(reader, [frame]).seen).toHaveLength(1);
  });

  it.each([
    [14, 'decode instance draining'],
    [0, ''],
    [0xffff_ffff, 'ünïcode ✓'],
  ])('carries an error frame code %d and its details', (code, details) => {
    expect(decodeFailure(encodeFailure(code, details))).toEqual({ code, details });
  });
});
