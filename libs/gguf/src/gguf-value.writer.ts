import { type GgufWriteError, MAX_ARRAY_DEPTH } from './gguf.errors';
import { type GgufSink } from './gguf.sink';
import { GgufType, type GgufValue, ggufTypeName } from './gguf.types';

const INTEGER_RANGES: Readonly<Record<number, readonly [number, number]>> = {
  [GgufType.UINT8]: [0, 0xff],
  [GgufType.INT8]: [-0x80, 0x7f],
  [GgufType.UINT16]: [0, 0xffff],
  [GgufType.INT16]: [-0x8000, 0x7fff],
  [GgufType.UINT32]: [0, 0xffffffff],
  [GgufType.INT32]: [-0x80000000, 0x7fffffff],
};
const BIGINT_RANGES: Readonly<Record<number, readonly [bigint, bigint]>> = {
  [GgufType.UINT64]: [0n, 2n ** 64n - 1n],
  [GgufType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
};
const JS_TYPES: Readonly<Record<number, string>> = {
  [GgufType.FLOAT32]: 'number',
  [GgufType.FLOAT64]: 'number',
  [GgufType.BOOL]: 'boolean',
  [GgufType.STRING]: 'string',
};

function isScalarType(type: number): boolean {
  return INTEGER_RANGES[type] !== undefined || BIGINT_RANGES[type] !== undefined || JS_TYPES[type] !== undefined;
}

function invalid(key: string, why: string): GgufWriteError {
  return { kind: 'invalid-value', key, message: `metadata key '${key}': ${why}` };
}

/** Why `value` cannot be stored as `type`, or undefined when it can. */
function checkScalar(type: number, value: unknown, key: string): GgufWriteError | undefined {
  const intRange = INTEGER_RANGES[type];
  if (intRange) {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= intRange[0] && value <= intRange[1];
    return ok ? undefined : invalid(key, `${String(value)} is not a ${ggufTypeName(type)}`);
  }
  const bigRange = BIGINT_RANGES[type];
  if (bigRange) {
    const ok = typeof value === 'bigint' && value >= bigRange[0] && value <= bigRange[1];
    return ok ? undefined : invalid(key, `${String(value)} is not a ${ggufTypeName(type)} bigint`);
  }
  const expected = JS_TYPES[type];
  if (expected === undefined) return invalid(key, `unknown value type ${type}`);
  return typeof value === expected ? undefined : invalid(key, `${String(value)} is not a ${ggufTypeName(type)}`);
}

function writeScalar(sink: GgufSink, type: number, value: unknown): void {
  switch (type) {
    case GgufType.UINT8:
      return sink.u8(value as number);
    case GgufType.INT8:
      return sink.i8(value as number);
    case GgufType.UINT16:
      return sink.u16(value as number);
    case GgufType.INT16:
      return sink.i16(value as number);
    case GgufType.UINT32:
      return sink.u32(value as number);
    case GgufType.INT32:
      return sink.i32(value as number);
    case GgufType.FLOAT32:
      return sink.f32(value as number);
    case GgufType.FLOAT64:
      return sink.f64(value as number);
    case GgufType.BOOL:
      return sink.u8(value ? 1 : 0);
    case GgufType.UINT64:
      return sink.u64(value as bigint);
    case GgufType.INT64:
      return sink.i64(value as bigint);
    default:
      return sink.string(value as string);
  }
}

/** Writes the value's payload (not its type tag), checking every item against its declared type. */
export function writeValue(sink: GgufSink, value: GgufValue, key: string, depth = 0): GgufWriteError | undefined {
  if (value.type !== GgufType.ARRAY) {
    const bad = checkScalar(value.type, value.value, key);
    if (bad) return bad;
    writeScalar(sink, value.type, value.value);
    return undefined;
  }
  if (depth >= MAX_ARRAY_DEPTH) return invalid(key, `arrays nest deeper than ${MAX_ARRAY_DEPTH}`);
  if (!Array.isArray(value.items)) return invalid(key, 'array items are not an array');
  const itemType = value.itemType as number;
  if (itemType !== GgufType.ARRAY && !isScalarType(itemType)) {
    return invalid(key, `unknown array item type ${itemType}`);
  }
  sink.u32(itemType);
  sink.u64(BigInt(value.items.length));
  for (const item of value.items as readonly unknown[]) {
    const bad = itemType === GgufType.ARRAY ? writeNested(sink, item, key, depth) : checkScalar(itemType, item, key);
    if (bad) return bad;
    if (itemType !== GgufType.ARRAY) writeScalar(sink, itemType, item);
  }
  return undefined;
}

function writeNested(sink: GgufSink, item: unknown, key: string, depth: number): GgufWriteError | undefined {
  const nested = item as GgufValue | undefined;
  if (nested?.type !== GgufType.ARRAY) return invalid(key, 'an item of an array of arrays is not an ARRAY value');
  return writeValue(sink, nested, key, depth + 1);
}
