import {
  type GgufArrayValue,
  type GgufBigIntType,
  type GgufBigIntValue,
  type GgufBoolValue,
  type GgufNumberType,
  type GgufNumberValue,
  type GgufStringValue,
  GgufType,
} from './gguf.types';

function arr(itemType: GgufNumberType, items: readonly number[]): GgufArrayValue;
function arr(itemType: GgufBigIntType, items: readonly bigint[]): GgufArrayValue;
function arr(itemType: typeof GgufType.BOOL, items: readonly boolean[]): GgufArrayValue;
function arr(itemType: typeof GgufType.STRING, items: readonly string[]): GgufArrayValue;
function arr(itemType: typeof GgufType.ARRAY, items: readonly GgufArrayValue[]): GgufArrayValue;
function arr(itemType: GgufType, items: readonly unknown[]): GgufArrayValue {
  return { type: GgufType.ARRAY, itemType, items } as GgufArrayValue;
}

/**
 * Constructors for typed metadata values: `gguf.u32(5)`, `gguf.str('llama')`,
 * `gguf.arr(GgufType.STRING, ['a'])`. Ranges are checked when the file is written.
 */
export const gguf = {
  u8: (value: number): GgufNumberValue<typeof GgufType.UINT8> => ({ type: GgufType.UINT8, value }),
  i8: (value: number): GgufNumberValue<typeof GgufType.INT8> => ({ type: GgufType.INT8, value }),
  u16: (value: number): GgufNumberValue<typeof GgufType.UINT16> => ({ type: GgufType.UINT16, value }),
  i16: (value: number): GgufNumberValue<typeof GgufType.INT16> => ({ type: GgufType.INT16, value }),
  u32: (value: number): GgufNumberValue<typeof GgufType.UINT32> => ({ type: GgufType.UINT32, value }),
  i32: (value: number): GgufNumberValue<typeof GgufType.INT32> => ({ type: GgufType.INT32, value }),
  f32: (value: number): GgufNumberValue<typeof GgufType.FLOAT32> => ({ type: GgufType.FLOAT32, value }),
  f64: (value: number): GgufNumberValue<typeof GgufType.FLOAT64> => ({ type: GgufType.FLOAT64, value }),
  u64: (value: bigint): GgufBigIntValue<typeof GgufType.UINT64> => ({ type: GgufType.UINT64, value }),
  i64: (value: bigint): GgufBigIntValue<typeof GgufType.INT64> => ({ type: GgufType.INT64, value }),
  bool: (value: boolean): GgufBoolValue => ({ type: GgufType.BOOL, value }),
  str: (value: string): GgufStringValue => ({ type: GgufType.STRING, value }),
  arr,
};
