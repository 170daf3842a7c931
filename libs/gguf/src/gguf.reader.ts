import { err, ok, type Result } from '@tsukimi/result';
import { ggmlTensorBytes } from './ggml-type.sizes';
import { GgufCursor } from './gguf.cursor';
import { badTensorDims, type GgufError, MAX_TENSOR_DIMS, truncated, unsupportedTensorType } from './gguf.errors';
import {
  alignUp,
  GGUF_ALIGNMENT_KEY,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  type GgufFile,
  type GgufMetadata,
  type GgufTensorInfo,
  GgufType,
  type GgufValue,
} from './gguf.types';
import { readValue } from './gguf-value.reader';

/** Versions 2 and 3 share one little-endian layout; version 1 used 32-bit counts. */
const READABLE_VERSIONS: ReadonlySet<number> = new Set([2, 3]);
const MIN_KV_BYTES = 8 + 4 + 1;
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;

interface RawTensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  readonly offset: bigint;
}

/**
 * Parses a GGUF file held in memory. Tensor data is not copied: read it with `readTensor`.
 * Every malformed input yields an error value, never an exception.
 */
export function readGguf(bytes: Uint8Array): Result<GgufFile, GgufError> {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { cursor, version, tensorCount, metadata } = header.value;
  const raw = readTensorInfos(cursor, tensorCount);
  if (!raw.ok) return raw;

  const alignment = alignmentOf(metadata);
  if (!alignment.ok) return alignment;
  const dataOffset = alignUp(cursor.offset, alignment.value);
  const dataBytes = Math.max(0, bytes.byteLength - dataOffset);
  const tensors: GgufTensorInfo[] = [];
  for (const info of raw.value) {
    const placed = placeTensor(info, alignment.value, dataOffset, dataBytes);
    if (!placed.ok) return placed;
    tensors.push(placed.value);
  }
  return ok({ version, metadata, tensors, alignment: alignment.value, dataOffset, bytes });
}

/**
 * The version and metadata of a GGUF file from its first bytes alone: enough of a large model
 * file to learn its tokenizer and chat template without reading its weights. A `truncated`
 * error means more of the file is needed.
 */
export function readGgufMetadata(bytes: Uint8Array): Result<{ readonly version: number; readonly metadata: GgufMetadata }, GgufError> {
  const header = readHeader(bytes);
  return header.ok ? ok({ version: header.value.version, metadata: header.value.metadata }) : header;
}

interface Header {
  readonly cursor: GgufCursor;
  readonly version: number;
  readonly tensorCount: number;
  readonly metadata: Map<string, GgufValue>;
}

function readHeader(bytes: Uint8Array): Result<Header, GgufError> {
  const cursor = new GgufCursor(bytes);
  const found = Buffer.from(bytes.subarray(0, 4)).toString('hex');
  if (bytes.byteLength < 4 && Buffer.from('GGUF').subarray(0, bytes.byteLength).equals(bytes)) return err(truncated('magic', 0, 4));
  if (cursor.need(4, 'magic') || cursor.u32() !== GGUF_MAGIC) {
    return err({ kind: 'bad-magic', found, message: `not a GGUF file: magic bytes are 0x${found}` });
  }
  const short = cursor.need(4, 'version');
  if (short) return err(short);
  const version = cursor.u32();
  if (!READABLE_VERSIONS.has(version)) {
    const hint = version > 0xffff ? ' (a big-endian file?)' : '';
    return err({ kind: 'unsupported-version', version, message: `unsupported GGUF version ${version}${hint}` });
  }
  const tensorCount = cursor.count('tensor count', MIN_TENSOR_INFO_BYTES, true);
  if (!tensorCount.ok) return tensorCount;
  const kvCount = cursor.count('metadata count', MIN_KV_BYTES, true);
  if (!kvCount.ok) return kvCount;

  const metadata = readMetadata(cursor, kvCount.value);
  if (!metadata.ok) return metadata;
  return ok({ cursor, version, tensorCount: tensorCount.value, metadata: metadata.value });
}

function readMetadata(cursor: GgufCursor, count: number): Result<Map<string, GgufValue>, GgufError> {
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < count; i++) {
    const key = cursor.string(`metadata key ${i}`);
    if (!key.ok) return key;
    if (metadata.has(key.value)) return err({ kind: 'duplicate-key', key: key.value, message: `metadata key '${key.value}' appears twice` });
    const short = cursor.need(4, `type of '${key.value}'`);
    if (short) return err(short);
    const value = readValue(cursor, cursor.u32(), key.value);
    if (!value.ok) return value;
    metadata.set(key.value, value.value);
  }
  return ok(metadata);
}

function readTensorInfos(cursor: GgufCursor, count: number): Result<RawTensorInfo[], GgufError> {
  const infos: RawTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const info = readTensorInfo(cursor, i);
    if (!info.ok) return info;
    const { name } = info.value;
    if (names.has(name)) return err({ kind: 'duplicate-tensor', tensor: name, message: `tensor '${name}' appears twice` });
    names.add(name);
    infos.push(info.value);
  }
  return ok(infos);
}

function readTensorInfo(cursor: GgufCursor, index: number): Result<RawTensorInfo, GgufError> {
  const name = cursor.string(`tensor ${index} name`);
  if (!name.ok) return name;
  const short = cursor.need(4, `tensor '${name.value}' dims`);
  if (short) return err(short);
  const dimCount = cursor.u32();
  if (dimCount > MAX_TENSOR_DIMS) return err(badTensorDims(name.value, [], `${dimCount} dims, at most ${MAX_TENSOR_DIMS}`));
  const rest = cursor.need(8 * dimCount + 4 + 8, `tensor '${name.value}' info`);
  if (rest) return err(rest);
  const dims: bigint[] = [];
  for (let d = 0; d < dimCount; d++) dims.push(cursor.u64());
  const type = cursor.u32();
  const offset = cursor.u64();
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (dims.some((d) => d > limit) || dims.reduce((a, b) => a * b, 1n) > limit) return err(badTensorDims(name.value, dims, 'too many elements'));
  return ok({ name: name.value, dims: dims.map(Number), type, offset });
}

function alignmentOf(metadata: GgufMetadata): Result<number, GgufError> {
  const value = metadata.get(GGUF_ALIGNMENT_KEY);
  if (value === undefined) return ok(GGUF_DEFAULT_ALIGNMENT);
  if (value.type !== GgufType.UINT32 || value.value === 0 || (value.value & (value.value - 1)) !== 0) {
    return err({ kind: 'bad-alignment', message: `'${GGUF_ALIGNMENT_KEY}' must be a UINT32 power of two` });
  }
  return ok(value.value);
}

function placeTensor(info: RawTensorInfo, alignment: number, dataOffset: number, dataBytes: number): Result<GgufTensorInfo, GgufError> {
  const byteLength = ggmlTensorBytes(info.type, info.dims);
  if (byteLength === 'unknown-type') return err(unsupportedTensorType(info.name, info.type));
  if (byteLength === 'bad-row-length') return err(badTensorDims(info.name, info.dims, `first dim is not a whole number of type ${info.type} blocks`));
  if (info.offset % BigInt(alignment) !== 0n) {
    const offset = Number(info.offset);
    return err({ kind: 'misaligned-tensor', tensor: info.name, offset, alignment, message: `tensor '${info.name}' offset ${offset} is not a multiple of ${alignment}` });
  }
  if (info.offset + BigInt(byteLength) > BigInt(dataBytes)) {
    const offset = Number(info.offset);
    return err({
      kind: 'tensor-out-of-bounds',
      tensor: info.name,
      offset,
      byteLength,
      dataBytes,
      message: `tensor '${info.name}' (${byteLength} bytes at data offset ${offset}) runs past the ${dataBytes} data bytes`,
    });
  }
  const offset = Number(info.offset);
  return ok({ name: info.name, dims: info.dims, type: info.type, offset, fileOffset: dataOffset + offset, byteLength });
}
