import { type Socket } from 'node:net';
import fc from 'fast-check';
import { encodeCancel, encodeDataHeader, encodeFailed, encodeHello, encodeItem, encodeRead, encodeWrite, encodeWriteResult } from '../tcp/protocol/frame.encode';
import { Op } from '../tcp/protocol/frame.format';
import { testKey } from './test-blocks';

/** Fixed so that a failure reproduces: every suite prints it in its name. */
export const FUZZ_SEED = 20261206;

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
/** Length fields a hostile peer picks: tiny, around the limits, and near 2^32. */
const hostileLength = fc.oneof(
  fc.integer({ min: 0, max: 16 }),
  fc.integer({ min: 128 * 1024 - 16, max: 128 * 1024 + 16 }),
  fc.integer({ min: 4 * 1024 * 1024 - 16, max: 4 * 1024 * 1024 + 16 }),
  fc.integer({ min: 16 * 1024 * 1024, max: 16 * 1024 * 1024 + 32 }),
  fc.integer({ min: 0xffff_ff00, max: 0xffff_ffff }),
  u32,
);
const anyOp = fc.oneof(fc.constantFrom(...Object.values(Op)), fc.integer({ min: 0, max: 255 }));
const requestId = fc.oneof(fc.integer({ min: 0, max: 4 }), u32);

/** A frame prefix whose length field says anything, followed by a few bytes of body. */
const lyingPrefix = fc.tuple(hostileLength, anyOp, requestId, fc.uint8Array({ maxLength: 32 })).map(([length, op, id, tail]) => {
  const prefix = Buffer.alloc(9);
  prefix.writeUInt32LE(length, 0);
  prefix.writeUInt8(op, 4);
  prefix.writeUInt32LE(id, 5);
  return Buffer.concat([prefix, tail]);
});

/** A frame that encodes correctly, with any ids, counts and sizes the encoders accept. */
const wellFormedFrame: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(encodeHello()),
  fc.tuple(requestId, fc.array(fc.nat(1000), { maxLength: 8 })).map(([id, seeds]) => encodeRead(id, seeds.map(testKey))),
  fc.tuple(requestId, fc.array(fc.tuple(fc.nat(1000), fc.nat(4096)), { maxLength: 4 })).map(([id, blocks]) =>
    encodeWrite(id, blocks.map(([seed, bytes]) => ({ key: testKey(seed), bytes: new Uint8Array(bytes) }))),
  ),
  requestId.map(encodeCancel),
  fc.tuple(requestId, u32, fc.boolean(), hostileLength).map(([id, index, found, bytes]) => encodeItem(id, index, found, bytes)),
  fc.tuple(requestId, fc.nat(8), fc.nat(4096), fc.uint8Array({ maxLength: 64 })).map(([id, index, offset, payload]) => Buffer.concat([encodeDataHeader(id, index, offset, payload.length), payload])),
  fc.tuple(requestId, fc.array(fc.constantFrom({ status: 'stored' as const }, { status: 'rejected' as const, reason: 'no-space' as const }), { maxLength: 4 })).map(([id, outcomes]) => encodeWriteResult(id, outcomes)),
  fc.tuple(requestId, fc.constantFrom('internal' as const, 'too-many-keys' as const), fc.string({ maxLength: 40 })).map(([id, code, message]) => encodeFailed(id, code, message)),
);

/** One frame as a hostile peer might send it: well formed, lying about its length, or plain noise. */
export const hostileFrame: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: wellFormedFrame, weight: 4 },
  { arbitrary: lyingPrefix, weight: 2 },
  { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
);

/**
 * A byte stream: optionally a HELLO first (so the peer gets past the handshake), frames of any
 * kind, possibly cut short anywhere.
 */
export const hostileStream: fc.Arbitrary<Buffer> = fc
  .tuple(fc.boolean(), fc.array(hostileFrame, { maxLength: 8 }), fc.option(fc.nat(), { nil: undefined }))
  .map(([greet, frames, cutAt]) => {
    const stream = Buffer.concat([...(greet ? [encodeHello()] : []), ...frames]);
    return cutAt === undefined ? stream : stream.subarray(0, cutAt % (stream.length + 1));
  });

/** Where to cut a stream of any length into the chunks that arrive: positions as fractions of it. */
export const chunking: fc.Arbitrary<readonly number[]> = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

/** `stream` cut at the given fractions of its length, in order, empty pieces dropped. */
export function chunksOf(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((f) => Math.floor(f * stream.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const to of [...at, stream.length]) {
    if (to > from) chunks.push(stream.subarray(from, to));
    from = Math.max(from, to);
  }
  return chunks;
}

/** Writes `chunks` one event-loop turn apart, so each tends to arrive as a read of its own, then ends the socket. */
export async function writeInTurns(socket: Socket, chunks: readonly Buffer[]): Promise<void> {
  for (const chunk of chunks) {
    if (socket.destroyed) return;
    socket.write(chunk);
    await new Promise((next) => setImmediate(next));
  }
  socket.end();
}
