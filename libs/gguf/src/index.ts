export {
  GgufType,
  GgmlType,
  type GgufNumberType,
  type GgufBigIntType,
  type GgufValue,
  type GgufArrayValue,
  type GgufMetadata,
  type GgmlFloatType,
  type GgufTensorInfo,
  type GgufFile,
  ggufTypeName,
} from './gguf.types';
export { type GgufError, type GgufWriteError } from './gguf.errors';
export { gguf } from './gguf-value.builders';
export {
  type MetadataError,
  getU8,
  getI8,
  getU16,
  getI16,
  getU32,
  getI32,
  getF32,
  getF64,
  getU64,
  getI64,
  getBool,
  getString,
  getInteger,
  getNumber,
  getArray,
  getStringArray,
} from './gguf-metadata.getters';
export { readGguf, readGgufMetadata } from './gguf.reader';
export { findTensor, readTensor, readTensorData } from './gguf-tensor.reader';
export { writeGguf, type GgufTensorInput, type GgufWriteInput } from './gguf.writer';
export { f32ToF16Bits, f16BitsToF32, encodeF16, decodeF16 } from './f16.codec';
