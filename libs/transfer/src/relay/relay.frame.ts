/**
 * The relay's wire: one persistent connection carries many streams, each a request opened by the
 * client and answered by messages from the server. Every frame is
 * `[u32 body length][u8 kind][u32 stream id][payload]`, big-endian, the length counting kind,
 * id and payload. Payloads are opaque bytes to the relay (the services put protobuf messages in
 * them); ERROR carries `[u32 code][utf-8 details]`.
 */
export enum FrameKind {
  /** Client → server: opens a stream; the payload is the request. */
  Open = 1,
  /** Client → server: the caller went away; the server stops the stream and sends nothing more for it. */
  Cancel = 2,
  /** Server → client: one message of the stream. */
  Message = 3,
  /** Server → client: the stream ended normally. */
  End = 4,
  /** Server → client: the stream failed; nothing follows. */
  Error = 5,
}

export const LENGTH_BYTES = 4;
/** Kind and stream id, counted in the body length. */
export const BODY_HEADER_BYTES = 5;
export const FRAME_HEADER_BYTES = LENGTH_BYTES + BODY_HEADER_BYTES;
/** Largest stream id; ids wrap to 1 after it (0 is never a stream). */
export const RELAY_MAX_STREAM_ID = 0xffff_ffff;

export interface Frame {
  readonly kind: FrameKind;
  readonly streamId: number;
  /** A view into the bytes read; copy it to keep it past the callback. */
  readonly payload: Buffer;
}

const KINDS = new Set<number>([FrameKind.Open, FrameKind.Cancel, FrameKind.Message, FrameKind.End, FrameKind.Error]);

export function isFrameKind(value: number): value is FrameKind {
  return KINDS.has(value);
}

/** One whole frame in one buffer, ready to write. */
export function encodeFrame(kind: FrameKind, streamId: number, payload?: Uint8Array): Buffer {
  const payloadBytes = payload?.length ?? 0;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payloadBytes);
  frame.writeUInt32BE(BODY_HEADER_BYTES + payloadBytes, 0);
  frame.writeUInt8(kind, LENGTH_BYTES);
  frame.writeUInt32BE(streamId, LENGTH_BYTES + 1);
  if (payload) frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** An ERROR frame's payload: a status code (the services use gRPC's) and a human-readable reason. */
export function encodeFailure(code: number, details: string): Buffer {
  const text = Buffer.from(details, 'utf8');
  const payload = Buffer.allocUnsafe(4 + text.length);
  payload.writeUInt32BE(code >>> 0, 0);
  text.copy(payload, 4);
  return payload;
}

export interface StreamFailure {
  readonly code: number;
  readonly details: string;
}

export function decodeFailure(payload: Buffer): StreamFailure {
  if (payload.length < 4) return { code: 2, details: 'the relay sent an error frame without a code' };
  return { code: payload.readUInt32BE(0), details: payload.toString('utf8', 4) };
}
