import { err, ok, type Result } from '@tsukimi/result';
import { type GgufCursor } from './gguf.cursor';
import { type GgufError, MAX_ARRAY_DEPTH } from './gguf.errors';
import { type GgufArrayValue, GgufType, type GgufValue } from './gguf.types';

/** Encoded size of each fixed-size value type; strings and arrays are variable. */
export const FIXED_VALUE_BYTES: Readonly<Record<number, number>> = {
  [GgufType.UINT8]: 1,
  [GgufType.INT8]: 1,
  [GgufType.UINT16]: 2,
  [GgufType.INT16]: 2,
  [GgufType.UINT32]: 4,
  [GgufType.INT32]: 4,
  [GgufType.FLOAT32]: 4,
  [GgufType.BOOL]: 1,
  [GgufType.UINT64]: 8,
  [GgufType.INT64]: 8,
  [GgufType.FLOAT64]: 8,
};

/** Smallest encoding of one array item: a string is at least its length, an array its type and length. */
const MIN_ITEM_BYTES: Readonly<Record<number, number>> = { ...FIXED_VALUE_BYTES, [GgufType.STRING]: 8, [GgufType.ARRAY]: 12 };

function isKnownType(type: number): type is GgufType {
  return MIN_ITEM_BYTES[type] !== undefined;
}

function unknownType(key: string, valueType: number): GgufError {
  return { kind: 'unknown-value-type', key, valueType, message: `metadata key '${key}' has unknown value type ${valueType}` };
}

/** Reads a value of the type that was just read for `key`. */
export function readValue(cursor: GgufCursor, type: number, key: string, depth = 0): Result<GgufValue, GgufError> {
  if (!isKnownType(type)) return err(unknownType(key, type));
  if (type === GgufType.STRING) {
    const text = cursor.string(`value of '${key}'`);
    return text.ok ? ok({ type, value: text.value }) : text;
  }
  if (type === GgufType.ARRAY) return readArray(cursor, key, depth + 1);
  const short = cursor.need(FIXED_VALUE_BYTES[type] ?? 0, `value of '${key}'`);
  if (short) return err(short);
  return ok(readFixed(cursor, type));
}

function readFixed(cursor: GgufCursor, type: GgufType): GgufValue {
  return { type, value: readScalar(cursor, type) } as GgufValue;
}

function readScalar(cursor: GgufCursor, type: number): number | bigint | boolean {
  switch (type) {
    case GgufType.UINT8:
      return cursor.u8();
    case GgufType.INT8:
      return cursor.i8();
    case GgufType.UINT16:
      return cursor.u16();
    case GgufType.INT16:
      return cursor.i16();
    case GgufType.UINT32:
      return cursor.u32();
    case GgufType.INT32:
      return cursor.i32();
    case GgufType.FLOAT32:
      return cursor.f32();
    case GgufType.BOOL:
      return cursor.u8() !== 0;
    case GgufType.UINT64:
      return cursor.u64();
    case GgufType.INT64:
      return cursor.i64();
    default:
      return cursor.f64();
  }
}

function readArray(cursor: GgufCursor, key: string, depth: number): Result<GgufArrayValue, GgufError> {
  if (depth > MAX_ARRAY_DEPTH) {
    return err({ kind: 'array-too-deep', key, message: `metadata key '${key}' nests arrays deeper than ${MAX_ARRAY_DEPTH}` });
  }
  const what = `array '${key}'`;
  const short = cursor.need(4, what);
  if (short) return err(short);
  const itemType = cursor.u32();
  if (!isKnownType(itemType)) return err(unknownType(key, itemType));
  const count = cursor.count(what, MIN_ITEM_BYTES[itemType] ?? 1);
  if (!count.ok) return count;
  const items: unknown[] = [];
  if (itemType === GgufType.STRING || itemType === GgufType.ARRAY) {
    for (let i = 0; i < count.value; i++) {
      const item = itemType === GgufType.STRING ? cursor.string(`${what} item ${i}`) : readArray(cursor, key, depth + 1);
      if (!item.ok) return item;
      items.push(item.value);
    }
  } else {
    // The count check above covered every fixed-size item.
    for (let i = 0; i < count.value; i++) items.push(readScalar(cursor, itemType));
  }
  return ok({ type: GgufType.ARRAY, itemType, items } as GgufArrayValue);
}
