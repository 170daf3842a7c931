import { err, ok, type Result } from '@tsukimi/result';
import { encodeF16 } from './f16.codec';
import { type GgufWriteError, MAX_TENSOR_DIMS } from './gguf.errors';
import { GgufSink } from './gguf.sink';
import {
  alignUp,
  GGUF_ALIGNMENT_KEY,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  type GgmlFloatType,
  GgmlType,
  type GgufMetadata,
  GgufType,
  HOST_IS_LITTLE_ENDIAN,
} from './gguf.types';
import { writeValue } from './gguf-value.writer';

export interface GgufTensorInput {
  readonly name: string;
  /** `dims[0]` varies fastest: a row-major [rows][cols] matrix is dims [cols, rows]. */
  readonly dims: readonly number[];
  readonly data: Float32Array;
  /** Storage type; F16 rounds to nearest, ties to even. */
  readonly type: GgmlFloatType;
}

export interface GgufWriteInput {
  readonly metadata: GgufMetadata;
  readonly tensors: readonly GgufTensorInput[];
}

/** llama.cpp refuses tensor names of GGML_MAX_NAME (64) bytes or more. */
const MAX_TENSOR_NAME_BYTES = 63;

/**
 * GGUF v3 bytes: header, metadata in map order, tensor infos, then each tensor's data at the
 * running sum of the previous tensors' sizes padded to `general.alignment` (default 32), the
 * last one padded too, since llama.cpp reads the data section as that padded sum.
 */
export function writeGguf(input: GgufWriteInput): Result<Uint8Array, GgufWriteError> {
  const alignment = alignmentOf(input.metadata);
  if (!alignment.ok) return alignment;
  const checked = checkTensors(input.tensors);
  if (checked) return err(checked);

  const sink = new GgufSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.i64(BigInt(input.tensors.length));
  sink.i64(BigInt(input.metadata.size));
  for (const [key, value] of input.metadata) {
    sink.string(key);
    sink.u32(value.type);
    const bad = writeValue(sink, value, key);
    if (bad) return err(bad);
  }
  const offsets: number[] = [];
  let dataBytes = 0;
  for (const tensor of input.tensors) {
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(BigInt(dim));
    sink.u32(tensor.type);
    sink.u64(BigInt(dataBytes));
    offsets.push(dataBytes);
    dataBytes += alignUp(storedBytes(tensor), alignment.value);
  }

  const dataOffset = alignUp(sink.offset, alignment.value);
  const out = new Uint8Array(dataOffset + dataBytes);
  out.set(sink.contents());
  input.tensors.forEach((tensor, i) => out.set(encode(tensor), dataOffset + (offsets[i] ?? 0)));
  return ok(out);
}

function alignmentOf(metadata: GgufMetadata): Result<number, GgufWriteError> {
  const value = metadata.get(GGUF_ALIGNMENT_KEY);
  if (value === undefined) return ok(GGUF_DEFAULT_ALIGNMENT);
  const n = value.type === GgufType.UINT32 ? value.value : 0;
  if (!Number.isInteger(n) || n <= 0 || n > 0xffffffff || (n & (n - 1)) !== 0) {
    return err({ kind: 'bad-alignment', message: `'${GGUF_ALIGNMENT_KEY}' must be a UINT32 power of two` });
  }
  return ok(n);
}

function checkTensors(tensors: readonly GgufTensorInput[]): GgufWriteError | undefined {
  const names = new Set<string>();
  for (const { name, dims, data, type } of tensors) {
    if (names.has(name)) return { kind: 'duplicate-tensor', tensor: name, message: `tensor '${name}' appears twice` };
    names.add(name);
    if (Buffer.byteLength(name, 'utf8') > MAX_TENSOR_NAME_BYTES) {
      return { kind: 'bad-tensor', tensor: name, message: `tensor name '${name}' is longer than ${MAX_TENSOR_NAME_BYTES} bytes` };
    }
    if (dims.length < 1 || dims.length > MAX_TENSOR_DIMS || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      return { kind: 'bad-tensor', tensor: name, message: `tensor '${name}' dims [${dims.join(', ')}] must be 1 to ${MAX_TENSOR_DIMS} non-negative integers` };
    }
    if (type !== GgmlType.F32 && type !== GgmlType.F16) {
      return { kind: 'bad-tensor', tensor: name, message: `tensor '${name}' type ${String(type)} is neither F32 nor F16` };
    }
    const expected = dims.reduce((a, b) => a * b, 1);
    if (expected !== data.length) {
      return { kind: 'tensor-size-mismatch', tensor: name, expected, actual: data.length, message: `tensor '${name}' dims hold ${expected} elements, data has ${data.length}` };
    }
  }
  return undefined;
}

function storedBytes(tensor: GgufTensorInput): number {
  return tensor.data.length * (tensor.type === GgmlType.F16 ? 2 : 4);
}

function encode(tensor: GgufTensorInput): Uint8Array {
  const typed = tensor.type === GgmlType.F16 ? encodeF16(tensor.data) : tensor.data;
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  const out = new Uint8Array(typed.byteLength);
  const view = new DataView(out.buffer);
  typed.forEach((v, i) => (tensor.type === GgmlType.F16 ? view.setUint16(i * 2, v, true) : view.setFloat32(i * 4, v, true)));
  return out;
}
