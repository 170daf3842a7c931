import { err, ok, type Result } from '@tsukimi/result';
import { decodeF16 } from './f16.codec';
import { type GgufError, unsupportedTensorType } from './gguf.errors';
import { type GgufFile, GgmlType, type GgufTensorInfo, HOST_IS_LITTLE_ENDIAN } from './gguf.types';

export function findTensor(file: GgufFile, name: string): GgufTensorInfo | undefined {
  return file.tensors.find((t) => t.name === name);
}

/** A copy of the named tensor's elements as floats, `dims[0]` fastest; F16 is widened exactly. */
export function readTensor(file: GgufFile, name: string): Result<Float32Array, GgufError> {
  const info = findTensor(file, name);
  if (info === undefined) return err({ kind: 'tensor-not-found', tensor: name, message: `tensor '${name}' is missing` });
  return readTensorData(file, info);
}

/** Like `readTensor`, for an info taken from this file (the reader already checked its bounds). */
export function readTensorData(file: GgufFile, info: GgufTensorInfo): Result<Float32Array, GgufError> {
  const raw = file.bytes.subarray(info.fileOffset, info.fileOffset + info.byteLength);
  if (info.type === GgmlType.F32) return ok(readF32(raw));
  if (info.type === GgmlType.F16) return ok(decodeF16(readU16(raw)));
  return err(unsupportedTensorType(info.name, info.type));
}

function readF32(raw: Uint8Array): Float32Array {
  const count = raw.byteLength / 4;
  if (!HOST_IS_LITTLE_ENDIAN) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  }
  // A fresh copy is aligned whatever the source alignment; Buffer#slice would not copy, the constructor does.
  return new Float32Array(new Uint8Array(raw).buffer, 0, count);
}

function readU16(raw: Uint8Array): Uint16Array {
  const count = raw.byteLength / 2;
  if (!HOST_IS_LITTLE_ENDIAN) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Uint16Array.from({ length: count }, (_, i) => view.getUint16(i * 2, true));
  }
  if (raw.byteOffset % 2 === 0) return new Uint16Array(raw.buffer, raw.byteOffset, count);
  return new Uint16Array(new Uint8Array(raw).buffer, 0, count);
}
