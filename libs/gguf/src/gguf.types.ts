/** GGUF metadata value types, numbered as in the file format. */
export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;
export type GgufType = (typeof GgufType)[keyof typeof GgufType];

export type GgufNumberType =
  | typeof GgufType.UINT8
  | typeof GgufType.INT8
  | typeof GgufType.UINT16
  | typeof GgufType.INT16
  | typeof GgufType.UINT32
  | typeof GgufType.INT32
  | typeof GgufType.FLOAT32
  | typeof GgufType.FLOAT64;
export type GgufBigIntType = typeof GgufType.UINT64 | typeof GgufType.INT64;

export interface GgufNumberValue<T extends GgufNumberType = GgufNumberType> {
  readonly type: T;
  readonly value: number;
}
export interface GgufBigIntValue<T extends GgufBigIntType = GgufBigIntType> {
  readonly type: T;
  readonly value: bigint;
}
export interface GgufBoolValue {
  readonly type: typeof GgufType.BOOL;
  readonly value: boolean;
}
export interface GgufStringValue {
  readonly type: typeof GgufType.STRING;
  readonly value: string;
}

/** An array keeps its item type so that an empty array still round-trips exactly. */
export type GgufArrayValue =
  | { readonly type: typeof GgufType.ARRAY; readonly itemType: GgufNumberType; readonly items: readonly number[] }
  | { readonly type: typeof GgufType.ARRAY; readonly itemType: GgufBigIntType; readonly items: readonly bigint[] }
  | { readonly type: typeof GgufType.ARRAY; readonly itemType: typeof GgufType.BOOL; readonly items: readonly boolean[] }
  | { readonly type: typeof GgufType.ARRAY; readonly itemType: typeof GgufType.STRING; readonly items: readonly string[] }
  | { readonly type: typeof GgufType.ARRAY; readonly itemType: typeof GgufType.ARRAY; readonly items: readonly GgufArrayValue[] };

export type GgufValue = GgufNumberValue | GgufBigIntValue | GgufBoolValue | GgufStringValue | GgufArrayValue;

/** Key–value metadata in file order; a Map keeps insertion order for every key, numeric-looking ones included. */
export type GgufMetadata = ReadonlyMap<string, GgufValue>;

/** ggml tensor element types that this library reads or writes as floats. */
export const GgmlType = { F32: 0, F16: 1 } as const;
export type GgmlFloatType = (typeof GgmlType)[keyof typeof GgmlType];

export interface GgufTensorInfo {
  readonly name: string;
  /** Dimensions as stored: `dims[0]` varies fastest, so a row-major [rows][cols] matrix has dims [cols, rows]. */
  readonly dims: readonly number[];
  /** ggml type id; only F32 and F16 can be read as floats, other known types are described but not decoded. */
  readonly type: number;
  /** Byte offset from the start of the tensor data section, as written in the file. */
  readonly offset: number;
  /** Byte offset from the start of the file. */
  readonly fileOffset: number;
  readonly byteLength: number;
}

export interface GgufFile {
  readonly version: number;
  readonly metadata: GgufMetadata;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** Absolute byte offset of the tensor data section. */
  readonly dataOffset: number;
  /** The bytes the file was read from; tensor reads copy out of them. */
  readonly bytes: Uint8Array;
}

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;
export const GGUF_ALIGNMENT_KEY = 'general.alignment';

/** GGUF is little-endian; typed-array views map it directly only on a little-endian host. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(GgufType).map(([name, id]) => [id, name]));

export function ggufTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `unknown(${type})`;
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
