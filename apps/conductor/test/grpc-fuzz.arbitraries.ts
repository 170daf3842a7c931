import { type MethodDefinition } from '@grpc/grpc-js';
import fc from 'fast-check';
import { tsukimiProto } from '@tsukimi/proto';

/** A field as proto-loader describes it (a google.protobuf.FieldDescriptorProto in object form). */
interface FieldDescriptor {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

/** A message or enum as proto-loader describes it (DescriptorProto or EnumDescriptorProto in object form). */
interface TypeDescriptor {
  readonly name: string;
  readonly field?: readonly FieldDescriptor[];
  readonly nestedType?: readonly TypeDescriptor[];
  readonly enumType?: readonly TypeDescriptor[];
  readonly value?: readonly { readonly number: number }[];
}

export type FuzzMethod = MethodDefinition<unknown, unknown> & { readonly originalName?: string };

/** A message or enum by the name a field gives it: nested in `scope` first, then the package's. */
function typeNamed(name: string, scope?: TypeDescriptor): TypeDescriptor {
  const short = name.replace(/^\.?tsukimi\.v1\./, '');
  const nested = [...(scope?.nestedType ?? []), ...(scope?.enumType ?? [])].find((type) => type.name === short.split('.').pop());
  if (nested !== undefined) return nested;
  const v1 = (tsukimiProto() as unknown as { tsukimi: { v1: Record<string, { type: TypeDescriptor } | undefined> } }).tsukimi.v1;
  const [outer, ...inner] = short.split('.');
  let found = v1[outer ?? '']?.type;
  for (const part of inner) found = found === undefined ? undefined : typeNamed(part, found);
  if (found === undefined) throw new Error(`no type ${name} in tsukimi.v1`);
  return found;
}

const int32 = fc.oneof(fc.constantFrom(0, -1, 1, -(2 ** 31), 2 ** 31 - 1), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const uint32 = fc.oneof(fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 31), fc.nat({ max: 2 ** 32 - 1 }), fc.nat(300));
const int64 = fc.oneof(fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }));
const double = fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, 1e308, 5e-324), fc.double());
const text = fc.oneof(
  { arbitrary: fc.constantFrom('', ' ', '../../etc/passwd', 'dram', 'ssd', 'device', 'random', 'holder', 'fetch', 'recompute', '\u0000', '0000000000000001'), weight: 3 },
  { arbitrary: fc.stringMatching(/^[0-9a-f]{16}$/), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }), weight: 2 },
  { arbitrary: fc.integer({ min: 10_000, max: 100_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);
const bytes = fc.oneof(
  { arbitrary: fc.constant(new Uint8Array(0)), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 256 }), weight: 3 },
  { arbitrary: fc.integer({ min: 64 * 1024, max: 512 * 1024 }).map((n) => new Uint8Array(n).fill(0x5a)), weight: 1 },
);

const SCALARS: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  TYPE_INT32: int32,
  TYPE_SINT32: int32,
  TYPE_SFIXED32: int32,
  TYPE_UINT32: uint32,
  TYPE_FIXED32: uint32,
  TYPE_INT64: int64,
  TYPE_SINT64: int64,
  TYPE_SFIXED64: int64,
  TYPE_UINT64: int64.map(Math.abs),
  TYPE_FIXED64: int64.map(Math.abs),
  TYPE_DOUBLE: double,
  TYPE_FLOAT: double,
  TYPE_BOOL: fc.boolean(),
  TYPE_STRING: text,
  TYPE_BYTES: bytes,
};

/** A known enum value by name, or a number the enum does not define. */
function enumValue(typeName: string, scope: TypeDescriptor): fc.Arbitrary<unknown> {
  const numbers = (typeNamed(typeName, scope).value ?? []).map((value) => value.number);
  return fc.oneof(fc.constantFrom(...numbers), fc.constantFrom(-1, 99, 2 ** 31 - 1));
}

function fieldValue(field: FieldDescriptor, scope: TypeDescriptor, depth: number): fc.Arbitrary<unknown> {
  if (field.type === 'TYPE_MESSAGE') return depth >= 2 ? fc.constant({}) : messageArbitrary(typeNamed(field.typeName, scope), depth + 1);
  if (field.type === 'TYPE_ENUM') return enumValue(field.typeName, scope);
  const scalar = SCALARS[field.type];
  if (scalar === undefined) throw new Error(`field ${field.name} has type ${field.type}, which the fuzz does not generate`);
  return scalar;
}

/** One small entry a huge repeated field is filled with: its size is the point, not its entries. */
function smallEntry(field: FieldDescriptor, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  if (field.type === 'TYPE_MESSAGE') return fc.constant({});
  if (field.type === 'TYPE_STRING') return fc.constantFrom('', '0000000000000001', 'x');
  if (field.type === 'TYPE_BYTES') return fc.constant(new Uint8Array(1));
  return value;
}

/** Repeated fields: usually a few entries, sometimes tens of thousands (around the handlers' 65,536-key bound). */
function repeated(field: FieldDescriptor, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const count = fc.constantFrom(20_000, 65_536, 65_537);
  const huge = fc.tuple(smallEntry(field, value), count).map(([one, n]) => Array.from({ length: n }, () => one));
  return fc.oneof({ arbitrary: fc.array(value, { maxLength: 3 }), weight: 15 }, { arbitrary: huge, weight: 1 });
}

function messageArbitrary(type: TypeDescriptor, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of type.field ?? []) {
    const value = fieldValue(field, type, depth);
    record[field.name] = field.label === 'LABEL_REPEATED' ? repeated(field, value) : value;
  }
  return fc.record(record, { requiredKeys: [] });
}

/** Any message of the package's type `typeName`: each field present or missing, with hostile values where present. */
export function messageOf(typeName: string): fc.Arbitrary<Record<string, unknown>> {
  return messageArbitrary(typeNamed(typeName), 0);
}

/** The request message type of `method`. */
export function requestTypeName(method: FuzzMethod): string {
  const descriptor = (method as unknown as { requestType: { type: { name: string } } }).requestType.type;
  return descriptor.name;
}
