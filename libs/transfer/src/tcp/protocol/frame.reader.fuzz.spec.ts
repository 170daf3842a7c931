import fc from 'fast-check';
import { ok, type Result } from '@tsukimi/result';
import { chunking, chunksOf, FUZZ_SEED, hostileStream } from '../../testing/frame-fuzz.arbitraries';
import { DATA_HEADER_BYTES, FRAME_LIMITS, Op, PREFIX_BYTES } from './frame.format';
import { FrameReader, type FrameSink } from './frame.reader';

/** Accepts everything, drops every other payload, and records what the reader asked of it. */
class TallySink implements FrameSink {
  readonly events: string[] = [];
  largestBody = 0;
  largestSlice = 0;
  onControl(op: number, requestId: number, body: Buffer): Result<void, string> {
    this.largestBody = Math.max(this.largestBody, body.length);
    this.events.push(`control ${op} #${requestId} ${body.toString('hex')}`);
    return ok(undefined);
  }
  onDataStart(requestId: number, index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    this.largestSlice = Math.max(this.largestSlice, length);
    this.events.push(`data ${requestId}/${index}@${offset}+${length}`);
    return ok(index % 2 === 0 ? new Uint8Array(length) : null);
  }
  onDataEnd(requestId: number, index: number, length: number): Result<void, string> {
    this.events.push(`end ${requestId}/${index} ${length}`);
    return ok(undefined);
  }
}

interface Run {
  readonly sink: TallySink;
  /** Index of the first chunk the reader refused, or -1. */
  readonly failedAt: number;
  readonly failure: string | null;
}

function feed(chunks: readonly Buffer[], how: 'push' | 'onread'): Run {
  const sink = new TallySink();
  const reader = new FrameReader(sink, FRAME_LIMITS);
  let failedAt = -1;
  let failure: string | null = null;
  chunks.forEach((chunk, i) => {
    let result: Result<void, string>;
    if (how === 'push') result = reader.push(chunk);
    else {
      result = ok(undefined);
      for (let at = 0; at < chunk.length && result.ok; ) {
        const into = reader.nextBuffer();
        const n = Math.min(into.length, chunk.length - at);
        into.set(chunk.subarray(at, at + n));
        at += n;
        result = reader.commit(n);
      }
    }
    if (!result.ok && failedAt === -1) [failedAt, failure] = [i, result.error];
    if (failedAt !== -1) expect(result.ok).toBe(false);
  });
  return { sink, failedAt, failure };
}

describe(`FrameReader under hostile byte streams (fast-check seed ${FUZZ_SEED})`, () => {
  it('never throws, stays within its limits, stays failed once failed, and finds the same frames however the bytes are chunked', () => {
    fc.assert(
      fc.property(hostileStream, chunking, fc.constantFrom('push' as const, 'onread' as const), (stream, cuts, how) => {
        const whole = feed([stream], 'push');
        const chunked = feed(chunksOf(stream, cuts), how);
        expect(chunked.sink.events).toEqual(whole.sink.events);
        expect(chunked.failure).toEqual(whole.failure);
        for (const run of [whole, chunked]) {
          expect(run.sink.largestBody).toBeLessThanOrEqual(FRAME_LIMITS.maxControlBytes - PREFIX_BYTES);
          expect(run.sink.largestSlice).toBeLessThanOrEqual(FRAME_LIMITS.maxSliceBytes);
        }
      }),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
  });

  it('refuses a length field over its limits as soon as the prefix is in, without waiting for (or allocating) the bytes it declares', () => {
    const overControl = fc.tuple(fc.integer({ min: FRAME_LIMITS.maxControlBytes - 3, max: 0xffff_ffff }), fc.constantFrom(Op.hello, Op.read, Op.write, Op.item, 0x7f));
    const overSlice = fc.tuple(fc.integer({ min: FRAME_LIMITS.maxSliceBytes + DATA_HEADER_BYTES - 3, max: 0xffff_ffff }), fc.constant(Op.data));
    fc.assert(
      fc.property(fc.oneof(overControl, overSlice), fc.integer({ min: 0, max: 0xffff_ffff }), ([frameBytes, op], requestId) => {
        const prefix = Buffer.alloc(PREFIX_BYTES);
        prefix.writeUInt32LE(frameBytes, 0);
        prefix.writeUInt8(op, 4);
        prefix.writeUInt32LE(requestId, 5);
        const sink = new TallySink();
        expect(new FrameReader(sink, FRAME_LIMITS).push(prefix).ok).toBe(false);
        expect(sink.events).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: 2000 },
    );
  });
});
