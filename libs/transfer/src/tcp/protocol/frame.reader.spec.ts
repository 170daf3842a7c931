import { createHash } from 'node:crypto';
import { err, ok, type Result } from '@tsukimi/result';
import { encodeDataHeader, encodeFoundItemWithData, encodeHello, encodeItem, encodeRead } from './frame.encode';
import { DATA_HEADER_BYTES, FRAME_LIMITS, ITEM_FRAME_BYTES, Op } from './frame.format';
import { FrameReader, type FrameSink } from './frame.reader';
import { testKey } from '../../testing/test-blocks';

/**
 * Records what the reader found; DATA payloads land in buffers it hands out, as a connection's
 * would, with `roomBytes` of spare memory after each payload.
 */
class RecordingSink implements FrameSink {
  readonly events: string[] = [];
  readonly payloads = new Map<string, Buffer>();
  constructor(private readonly roomBytes = 0) {}
  onControl(op: number, requestId: number, body: Buffer): Result<void, string> {
    this.events.push(`control ${op} #${requestId} ${body.length}B ${body.subarray(0, 8).toString('hex')}`);
    return ok(undefined);
  }
  onDataStart(requestId: number, index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    if (requestId === 666) return err('refused');
    const key = `${requestId}/${index}`;
    const buffer = this.payloads.get(key) ?? Buffer.alloc(0);
    const grown = Buffer.alloc(offset + length + this.roomBytes).fill(0xee, offset + length);
    buffer.copy(grown);
    this.payloads.set(key, grown.subarray(0, offset + length));
    return ok(requestId === 13 ? null : grown.subarray(offset, offset + length + this.roomBytes));
  }
  onDataEnd(requestId: number, index: number, length: number): Result<void, string> {
    this.events.push(`data #${requestId}/${index} ${length}B`);
    return ok(undefined);
  }
}

function payload(bytes: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 31 + seed) & 0xff));
}

const bigPayload = payload(300_000, 3);
const wire = Buffer.concat([
  encodeHello(),
  encodeRead(1, [testKey(1), testKey(2)]),
  encodeItem(1, 0, true, 5),
  encodeDataHeader(1, 0, 0, 5),
  payload(5, 1),
  encodeDataHeader(2, 0, 0, bigPayload.length),
  bigPayload,
  encodeDataHeader(13, 0, 0, 40_000),
  payload(40_000, 9),
  encodeRead(7, Array.from({ length: 10_000 }, (_, i) => testKey(i))),
  encodeItem(7, 3, false, 0),
]);

function byPush(chunkBytes: number, roomBytes = 0): RecordingSink {
  const sink = new RecordingSink(roomBytes);
  const reader = new FrameReader(sink, FRAME_LIMITS);
  let failures = 0;
  for (let at = 0; at < wire.length; at += chunkBytes) if (!reader.push(wire.subarray(at, at + chunkBytes)).ok) failures++;
  expect(failures).toBe(0);
  return sink;
}

/** Like libuv with `onread`: each read fills at most `readBytes` of the buffer the reader offers. */
function byOnread(readBytes: number, roomBytes = 0): RecordingSink {
  const sink = new RecordingSink(roomBytes);
  const reader = new FrameReader(sink, FRAME_LIMITS);
  let failures = 0;
  for (let at = 0; at < wire.length; ) {
    const into = reader.nextBuffer();
    const n = Math.min(into.length, readBytes, wire.length - at);
    into.set(wire.subarray(at, at + n));
    at += n;
    if (!reader.commit(n).ok) failures++;
  }
  expect(failures).toBe(0);
  return sink;
}

function digest(sink: RecordingSink): string[] {
  return [...sink.payloads].map(([key, bytes]) => `${key}:${createHash('sha256').update(bytes).digest('hex')}`);
}

describe('FrameReader', () => {
  const whole = byPush(wire.length);

  it('finds every frame and routes payloads to their buffers', () => {
    expect(whole.events).toEqual([
      `control ${Op.hello} #0 6B 54534b540100`,
      `control ${Op.read} #1 20B 02000000${testKey(1).slice(0, 8)}`,
      `control ${Op.item} #1 9B 0000000000050000`,
      'data #1/0 5B',
      `data #2/0 ${bigPayload.length}B`,
      'data #13/0 40000B',
      `control ${Op.read} #7 80004B 1027000000000000`,
      `control ${Op.item} #7 9B 0300000001000000`,
    ]);
    expect(whole.payloads.get('2/0')?.equals(bigPayload)).toBe(true);
    expect(whole.payloads.get('13/0')?.every((byte) => byte === 0)).toBe(true);
  });

  it.each([
    [1, 0],
    [3, 0],
    [17, 0],
    [1000, 0],
    [65_536, 0],
    [17, 64],
    [1000, 7],
    [65_536, 35],
    [65_536, 4096],
  ])('gives the same result when bytes arrive %i at a time, with %i bytes of room after each payload', (chunkBytes, roomBytes) => {
    const pushed = byPush(chunkBytes, roomBytes);
    const read = byOnread(chunkBytes, roomBytes);
    for (const sink of [pushed, read]) {
      expect(sink.events).toEqual(whole.events);
      expect(digest(sink)).toEqual(digest(whole));
    }
  });

  it.each([
    ['a control frame longer than allowed', Buffer.from('GET / HTTP/1.1\r\n\r\n')],
    ['a frame shorter than its prefix', Buffer.from([2, 0, 0, 0, Op.read, 0, 0, 0, 1])],
    ['a DATA slice larger than allowed', encodeDataHeader(1, 0, 0, FRAME_LIMITS.maxSliceBytes + 1)],
    ['a DATA frame the sink refuses', Buffer.concat([encodeDataHeader(666, 0, 0, 4), payload(4, 0)])],
  ])('fails on %s, and stays failed', (_, bytes) => {
    const reader = new FrameReader(new RecordingSink(), FRAME_LIMITS);
    expect(reader.push(bytes).ok).toBe(false);
    expect(reader.push(encodeHello()).ok).toBe(false);
  });

  it('reads a 64 KiB payload straight into its destination, then only the next block\'s ITEM and DATA header', () => {
    const sink = new RecordingSink();
    const reader = new FrameReader(sink, FRAME_LIMITS);
    const blocks = [payload(64 * 1024, 1), payload(64 * 1024, 2)];
    const stream = Buffer.concat(blocks.flatMap((bytes, index) => [encodeFoundItemWithData(4, index, bytes.length, bytes.length), bytes]));
    const offered: { bytes: number; intoScratch: boolean }[] = [];
    for (let at = 0; at < stream.length; ) {
      const into = reader.nextBuffer();
      const destinations = [...sink.payloads.values()].map((bytes) => bytes.buffer);
      offered.push({ bytes: into.length, intoScratch: !destinations.includes(into.buffer as ArrayBuffer) });
      const n = Math.min(into.length, stream.length - at);
      into.set(stream.subarray(at, at + n));
      at += n;
      expect(reader.commit(n).ok).toBe(true);
    }
    const frames = ITEM_FRAME_BYTES + DATA_HEADER_BYTES;
    // The first bulk read takes the first block's frames and all but `frames` bytes of its payload.
    expect(offered).toEqual([
      { bytes: 64 * 1024, intoScratch: true },
      { bytes: frames, intoScratch: false },
      { bytes: frames, intoScratch: true },
      { bytes: 64 * 1024, intoScratch: false },
    ]);
    expect(blocks.every((bytes, index) => sink.payloads.get(`4/${index}`)?.equals(bytes))).toBe(true);
  });

  it('with room after a 64 KiB payload, reads its last bytes and the next block\'s ITEM and DATA header in one read', () => {
    const frames = ITEM_FRAME_BYTES + DATA_HEADER_BYTES;
    const sink = new RecordingSink(4096);
    const reader = new FrameReader(sink, FRAME_LIMITS);
    const blocks = [payload(64 * 1024, 1), payload(64 * 1024, 2), payload(64 * 1024, 3)];
    const stream = Buffer.concat(blocks.flatMap((bytes, index) => [encodeFoundItemWithData(4, index, bytes.length, bytes.length), bytes]));
    const offered: number[] = [];
    for (let at = 0; at < stream.length; ) {
      const into = reader.nextBuffer();
      offered.push(into.length);
      const n = Math.min(into.length, stream.length - at);
      into.set(stream.subarray(at, at + n));
      at += n;
      expect(reader.commit(n).ok).toBe(true);
    }
    // After the first bulk read, every read is one block's remaining payload plus the frames that follow it.
    expect(offered).toEqual([64 * 1024, frames + frames, 64 * 1024 + frames, 64 * 1024 + frames]);
    expect(blocks.every((bytes, index) => sink.payloads.get(`4/${index}`)?.equals(bytes))).toBe(true);
    expect(sink.events.filter((event) => event.startsWith('data'))).toEqual(['data #4/0 65536B', 'data #4/1 65536B', 'data #4/2 65536B']);
  });
});
