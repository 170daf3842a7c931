import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { writeRejectReasons, type BlockWriteOutcome } from '../../block-store.port';
import { remoteFailureCodes, type RemoteFailureCode } from '../../transfer.error';
import { ItemStatus, KEY_BYTES, PROTOCOL_MAGIC, PROTOCOL_VERSION, WriteStatus } from './frame.format';

/** Parsers of control-frame bodies (the bytes after the request id). Errors are protocol violations. */
type Parsed<T> = Result<T, string>;

function counted(body: Buffer, entryBytes: number, what: string): Parsed<number> {
  if (body.length < 4) return err(`${what} body of ${body.length} bytes`);
  const count = body.readUInt32LE(0);
  if (body.length !== 4 + count * entryBytes) return err(`${what} of ${count} entries in ${body.length} bytes`);
  return ok(count);
}

const keyAt = (body: Buffer, at: number): BlockKey => body.toString('hex', at, at + KEY_BYTES) as BlockKey;

export function parseHello(body: Buffer): Parsed<void> {
  if (body.length !== PROTOCOL_MAGIC.length + 2 || !body.subarray(0, PROTOCOL_MAGIC.length).equals(PROTOCOL_MAGIC)) return err('not a transfer-protocol hello');
  const version = body.readUInt16LE(PROTOCOL_MAGIC.length);
  return version === PROTOCOL_VERSION ? ok(undefined) : err(`protocol version ${version}, expected ${PROTOCOL_VERSION}`);
}

export function parseRead(body: Buffer): Parsed<BlockKey[]> {
  const count = counted(body, KEY_BYTES, 'READ');
  if (!count.ok) return count;
  return ok(Array.from({ length: count.value }, (_, i) => keyAt(body, 4 + i * KEY_BYTES)));
}

export interface WriteEntry {
  readonly key: BlockKey;
  readonly totalBytes: number;
}

export function parseWrite(body: Buffer): Parsed<WriteEntry[]> {
  const entryBytes = KEY_BYTES + 4;
  const count = counted(body, entryBytes, 'WRITE');
  if (!count.ok) return count;
  return ok(
    Array.from({ length: count.value }, (_, i) => {
      const at = 4 + i * entryBytes;
      return { key: keyAt(body, at), totalBytes: body.readUInt32LE(at + KEY_BYTES) };
    }),
  );
}

export interface ItemHeader {
  readonly index: number;
  readonly found: boolean;
  readonly totalBytes: number;
}

export function parseItem(body: Buffer): Parsed<ItemHeader> {
  if (body.length !== 9) return err(`ITEM body of ${body.length} bytes`);
  const status = body.readUInt8(4);
  if (status !== ItemStatus.found && status !== ItemStatus.missing) return err(`ITEM status ${status}`);
  return ok({ index: body.readUInt32LE(0), found: status === ItemStatus.found, totalBytes: body.readUInt32LE(5) });
}

export function parseWriteResult(body: Buffer): Parsed<BlockWriteOutcome[]> {
  const count = counted(body, 2, 'WRITE_RESULT');
  if (!count.ok) return count;
  const outcomes: BlockWriteOutcome[] = [];
  for (let i = 0; i < count.value; i++) {
    const status = body.readUInt8(4 + i * 2);
    const reason = writeRejectReasons[body.readUInt8(5 + i * 2)];
    if (status === WriteStatus.stored) outcomes.push({ status: 'stored' });
    else if (status === WriteStatus.rejected && reason !== undefined) outcomes.push({ status: 'rejected', reason });
    else return err(`WRITE_RESULT entry ${i} has status ${status}`);
  }
  return ok(outcomes);
}

export function parseFailed(body: Buffer): Parsed<{ readonly code: RemoteFailureCode; readonly message: string }> {
  if (body.length < 1) return err('empty FAILED body');
  const code = remoteFailureCodes[body.readUInt8(0)] ?? 'internal';
  return ok({ code, message: body.toString('utf8', 1) });
}
