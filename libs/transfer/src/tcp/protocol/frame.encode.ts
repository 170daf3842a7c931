import { type BlockKey } from '@tsukimi/kv-block';
import { writeRejectReasons, type BlockWriteOutcome } from '../../block-store.port';
import { remoteFailureCodes, type RemoteFailureCode } from '../../transfer.error';
import { type BlockToWrite } from '../../transport.port';
import { DATA_HEADER_BYTES, ITEM_BODY_BYTES, ITEM_FRAME_BYTES, ItemStatus, KEY_BYTES, Op, type OpCode, PREFIX_BYTES, PROTOCOL_MAGIC, PROTOCOL_VERSION, WriteStatus } from './frame.format';

/** A frame of `bodyBytes` with its prefix filled in; the caller writes the body from PREFIX_BYTES on. */
function frame(op: OpCode, requestId: number, bodyBytes: number): Buffer {
  const buffer = Buffer.allocUnsafe(PREFIX_BYTES + bodyBytes);
  buffer.writeUInt32LE(5 + bodyBytes, 0);
  buffer.writeUInt8(op, 4);
  buffer.writeUInt32LE(requestId, 5);
  return buffer;
}

export function encodeHello(): Buffer {
  const buffer = frame(Op.hello, 0, PROTOCOL_MAGIC.length + 2);
  PROTOCOL_MAGIC.copy(buffer, PREFIX_BYTES);
  buffer.writeUInt16LE(PROTOCOL_VERSION, PREFIX_BYTES + PROTOCOL_MAGIC.length);
  return buffer;
}

export function encodeRead(requestId: number, keys: readonly BlockKey[]): Buffer {
  const buffer = frame(Op.read, requestId, 4 + keys.length * KEY_BYTES);
  buffer.writeUInt32LE(keys.length, PREFIX_BYTES);
  keys.forEach((key, i) => buffer.write(key, PREFIX_BYTES + 4 + i * KEY_BYTES, KEY_BYTES, 'hex'));
  return buffer;
}

export function encodeWrite(requestId: number, blocks: readonly BlockToWrite[]): Buffer {
  const entryBytes = KEY_BYTES + 4;
  const buffer = frame(Op.write, requestId, 4 + blocks.length * entryBytes);
  buffer.writeUInt32LE(blocks.length, PREFIX_BYTES);
  blocks.forEach((block, i) => {
    const at = PREFIX_BYTES + 4 + i * entryBytes;
    buffer.write(block.key, at, KEY_BYTES, 'hex');
    buffer.writeUInt32LE(block.bytes.length, at + KEY_BYTES);
  });
  return buffer;
}

export function encodeCancel(requestId: number): Buffer {
  return frame(Op.cancel, requestId, 0);
}

export function encodeItem(requestId: number, index: number, found: boolean, totalBytes: number): Buffer {
  return writeItem(Buffer.allocUnsafe(ITEM_FRAME_BYTES), requestId, index, found, totalBytes);
}

function writeItem(buffer: Buffer, requestId: number, index: number, found: boolean, totalBytes: number): Buffer {
  buffer.writeUInt32LE(5 + ITEM_BODY_BYTES, 0);
  buffer.writeUInt8(Op.item, 4);
  buffer.writeUInt32LE(requestId, 5);
  buffer.writeUInt32LE(index, PREFIX_BYTES);
  buffer.writeUInt8(found ? ItemStatus.found : ItemStatus.missing, PREFIX_BYTES + 4);
  buffer.writeUInt32LE(totalBytes, PREFIX_BYTES + 5);
  return buffer;
}

/** The header of a DATA frame; the payload goes out as its own write so it is never copied. */
export function encodeDataHeader(requestId: number, index: number, offset: number, payloadBytes: number): Buffer {
  return writeDataHeader(Buffer.allocUnsafe(DATA_HEADER_BYTES), requestId, index, offset, payloadBytes);
}

/** Writes a DATA header into `buffer` at `at`. */
function writeDataHeader(buffer: Buffer, requestId: number, index: number, offset: number, payloadBytes: number, at = 0): Buffer {
  buffer.writeUInt32LE(DATA_HEADER_BYTES - 4 + payloadBytes, at);
  buffer.writeUInt8(Op.data, at + 4);
  buffer.writeUInt32LE(requestId, at + 5);
  buffer.writeUInt32LE(index, at + PREFIX_BYTES);
  buffer.writeUInt32LE(offset, at + PREFIX_BYTES + 4);
  return buffer;
}

export function encodeWriteResult(requestId: number, outcomes: readonly BlockWriteOutcome[]): Buffer {
  const buffer = frame(Op.writeResult, requestId, 4 + outcomes.length * 2);
  buffer.writeUInt32LE(outcomes.length, PREFIX_BYTES);
  outcomes.forEach((outcome, i) => {
    const at = PREFIX_BYTES + 4 + i * 2;
    buffer.writeUInt8(outcome.status === 'stored' ? WriteStatus.stored : WriteStatus.rejected, at);
    buffer.writeUInt8(outcome.status === 'stored' ? 0 : writeRejectReasons.indexOf(outcome.reason), at + 1);
  });
  return buffer;
}

export function encodeFailed(requestId: number, code: RemoteFailureCode, message: string): Buffer {
  const text = Buffer.from(message.slice(0, 512), 'utf8');
  const buffer = frame(Op.failed, requestId, 1 + text.length);
  buffer.writeUInt8(remoteFailureCodes.indexOf(code), PREFIX_BYTES);
  text.copy(buffer, PREFIX_BYTES + 1);
  return buffer;
}

/**
 * A found block's ITEM frame and the header of its first DATA slice in one buffer: the two always
 * go out back to back, and one write instead of two is what a small block costs most.
 */
export function encodeFoundItemWithData(requestId: number, index: number, totalBytes: number, payloadBytes: number): Buffer {
  const buffer = Buffer.allocUnsafe(ITEM_FRAME_BYTES + DATA_HEADER_BYTES);
  writeItem(buffer, requestId, index, true, totalBytes);
  return writeDataHeader(buffer, requestId, index, 0, payloadBytes, ITEM_FRAME_BYTES);
}
