import { err, ok, type Result } from '@tsukimi/result';
import { type GgufArrayValue, type GgufMetadata, GgufType, type GgufValue, ggufTypeName } from './gguf.types';

export type MetadataError =
  | { readonly kind: 'missing-key'; readonly key: string; readonly message: string }
  | { readonly kind: 'wrong-type'; readonly key: string; readonly expected: string; readonly found: string; readonly message: string };

function missing(key: string): MetadataError {
  return { kind: 'missing-key', key, message: `metadata key '${key}' is missing` };
}

function wrongType(key: string, expected: string, value: GgufValue): MetadataError {
  const found = value.type === GgufType.ARRAY ? `ARRAY of ${ggufTypeName(value.itemType)}` : ggufTypeName(value.type);
  return { kind: 'wrong-type', key, expected, found, message: `metadata key '${key}' is ${found}, expected ${expected}` };
}

function typed<T>(type: GgufType) {
  return (meta: GgufMetadata, key: string): Result<T, MetadataError> => {
    const value = meta.get(key);
    if (value === undefined) return err(missing(key));
    if (value.type !== type || value.type === GgufType.ARRAY) return err(wrongType(key, ggufTypeName(type), value));
    return ok(value.value as T);
  };
}

export const getU8 = typed<number>(GgufType.UINT8);
export const getI8 = typed<number>(GgufType.INT8);
export const getU16 = typed<number>(GgufType.UINT16);
export const getI16 = typed<number>(GgufType.INT16);
export const getU32 = typed<number>(GgufType.UINT32);
export const getI32 = typed<number>(GgufType.INT32);
export const getF32 = typed<number>(GgufType.FLOAT32);
export const getF64 = typed<number>(GgufType.FLOAT64);
export const getU64 = typed<bigint>(GgufType.UINT64);
export const getI64 = typed<bigint>(GgufType.INT64);
export const getBool = typed<boolean>(GgufType.BOOL);
export const getString = typed<string>(GgufType.STRING);

const INTEGER_TYPES: ReadonlySet<number> = new Set([
  GgufType.UINT8,
  GgufType.INT8,
  GgufType.UINT16,
  GgufType.INT16,
  GgufType.UINT32,
  GgufType.INT32,
  GgufType.UINT64,
  GgufType.INT64,
]);

/** Any integer type, as a number; converters disagree on integer widths, so readers of real files accept them all. */
export function getInteger(meta: GgufMetadata, key: string): Result<number, MetadataError> {
  const value = meta.get(key);
  if (value === undefined) return err(missing(key));
  if (value.type === GgufType.ARRAY || !INTEGER_TYPES.has(value.type)) return err(wrongType(key, 'an integer', value));
  const n = Number(value.value);
  if (!Number.isSafeInteger(n)) return err(wrongType(key, 'an integer within 2^53', value));
  return ok(n);
}

/** Any integer or float type, as a number. */
export function getNumber(meta: GgufMetadata, key: string): Result<number, MetadataError> {
  const value = meta.get(key);
  if (value === undefined) return err(missing(key));
  if (value.type === GgufType.FLOAT32 || value.type === GgufType.FLOAT64) return ok(value.value);
  return getInteger(meta, key);
}

export function getArray(meta: GgufMetadata, key: string): Result<GgufArrayValue, MetadataError> {
  const value = meta.get(key);
  if (value === undefined) return err(missing(key));
  if (value.type !== GgufType.ARRAY) return err(wrongType(key, 'ARRAY', value));
  return ok(value);
}

export function getStringArray(meta: GgufMetadata, key: string): Result<readonly string[], MetadataError> {
  const value = meta.get(key);
  if (value === undefined) return err(missing(key));
  if (value.type !== GgufType.ARRAY || value.itemType !== GgufType.STRING) return err(wrongType(key, 'ARRAY of STRING', value));
  return ok(value.items);
}
