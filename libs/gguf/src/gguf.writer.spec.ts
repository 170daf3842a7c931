import { expectOk } from '@tsukimi/result';
import { gguf } from './gguf-value.builders';
import { readTensor } from './gguf-tensor.reader';
import { readGguf } from './gguf.reader';
import { GgmlType, GgufType, type GgufValue } from './gguf.types';
import { type GgufTensorInput, writeGguf } from './gguf.writer';

const EVERY_VALUE: [string, GgufValue][] = [
  ['u8', gguf.u8(255)],
  ['i8', gguf.i8(-128)],
  ['u16', gguf.u16(65535)],
  ['i16', gguf.i16(-32768)],
  ['u32', gguf.u32(0xffffffff)],
  ['i32', gguf.i32(-0x80000000)],
  ['f32', gguf.f32(Math.fround(3.14159))],
  ['f32.tiny', gguf.f32(Math.fround(1e-40))],
  ['bool.true', gguf.bool(true)],
  ['bool.false', gguf.bool(false)],
  ['str', gguf.str('llama')],
  ['str.empty', gguf.str('')],
  ['str.unicode', gguf.str('月見 🌕 é\u0000\n')],
  ['u64.max', gguf.u64(2n ** 64n - 1n)],
  ['u64.zero', gguf.u64(0n)],
  ['i64.min', gguf.i64(-(2n ** 63n))],
  ['i64.max', gguf.i64(2n ** 63n - 1n)],
  ['f64', gguf.f64(-1.2345678901234567e-300)],
  ['f64.inf', gguf.f64(-Infinity)],
  ['arr.u8', gguf.arr(GgufType.UINT8, [0, 1, 255])],
  ['arr.i32', gguf.arr(GgufType.INT32, [-1, 2, -0x80000000])],
  ['arr.f32', gguf.arr(GgufType.FLOAT32, [0.5, -2])],
  ['arr.f64', gguf.arr(GgufType.FLOAT64, [Math.PI])],
  ['arr.bool', gguf.arr(GgufType.BOOL, [true, false, true])],
  ['arr.str', gguf.arr(GgufType.STRING, ['a', '', 'Ġ', '🌕'])],
  ['arr.u64', gguf.arr(GgufType.UINT64, [0n, 2n ** 64n - 1n])],
  ['arr.i64', gguf.arr(GgufType.INT64, [-(2n ** 63n), 2n ** 63n - 1n])],
  ['arr.empty.str', gguf.arr(GgufType.STRING, [])],
  ['arr.empty.f32', gguf.arr(GgufType.FLOAT32, [])],
  [
    'arr.nested',
    gguf.arr(GgufType.ARRAY, [
      gguf.arr(GgufType.STRING, ['x', 'y']),
      gguf.arr(GgufType.ARRAY, [gguf.arr(GgufType.INT16, [-5]), gguf.arr(GgufType.UINT8, [])]),
      gguf.arr(GgufType.BOOL, []),
    ]),
  ],
  ['arr.empty.nested', gguf.arr(GgufType.ARRAY, [])],
  ['7', gguf.u8(7)],
];

function tensor(name: string, dims: number[], type: GgufTensorInput['type'], values?: number[]): GgufTensorInput {
  const count = dims.reduce((a, b) => a * b, 1);
  return { name, dims, type, data: Float32Array.from(values ?? Array.from({ length: count }, (_, i) => i * 0.25 - 1)) };
}

describe('writeGguf then readGguf', () => {
  it('round-trips every metadata value type exactly, in order', () => {
    const metadata = new Map(EVERY_VALUE);
    const bytes = expectOk(writeGguf({ metadata, tensors: [] }), 'write');
    const file = expectOk(readGguf(bytes), 'read');
    expect(file.version).toBe(3);
    expect([...file.metadata.keys()]).toEqual(EVERY_VALUE.map(([key]) => key));
    expect(file.metadata).toEqual(metadata);
    expect(expectOk(writeGguf({ metadata: file.metadata, tensors: [] }), 'rewrite')).toEqual(bytes);
  });

  it('writes the v3 header: magic, version, i64 tensor count, i64 metadata count', () => {
    const bytes = expectOk(writeGguf({ metadata: new Map([['a', gguf.u8(1)]]), tensors: [tensor('t', [2], GgmlType.F32)] }), 'write');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('GGUF');
    expect(view.getUint32(4, true)).toBe(3);
    expect(view.getBigInt64(8, true)).toBe(1n);
    expect(view.getBigInt64(16, true)).toBe(1n);
  });

  it('round-trips F32 tensors exactly and F16 tensors to the nearest half', () => {
    const tensors = [
      tensor('f32.matrix', [3, 2], GgmlType.F32, [1, -2, 0.1, 1e-30, 65504, -0]),
      tensor('f16.matrix', [3, 2], GgmlType.F16, [1, -2, 0.1, 1e-30, 65504, 70000]),
    ];
    const file = expectOk(readGguf(expectOk(writeGguf({ metadata: new Map(), tensors }), 'write')), 'read');
    expect(file.tensors.map((t) => [t.name, t.dims, t.type, t.byteLength])).toEqual([
      ['f32.matrix', [3, 2], GgmlType.F32, 24],
      ['f16.matrix', [3, 2], GgmlType.F16, 12],
    ]);
    expect(Array.from(expectOk(readTensor(file, 'f32.matrix'), 'f32'))).toEqual([1, -2, Math.fround(0.1), Math.fround(1e-30), 65504, -0]);
    expect(Array.from(expectOk(readTensor(file, 'f16.matrix'), 'f16'))).toEqual([1, -2, 0.0999755859375, 0, 65504, Infinity]);
  });

  it.each([
    ['default alignment', undefined, 32],
    ['custom alignment', 64, 64],
    ['small alignment', 8, 8],
  ])('places tensor data at running sums of padded sizes (%s)', (_name, alignment, expected) => {
    const metadata = new Map<string, GgufValue>(alignment === undefined ? [] : [['general.alignment', gguf.u32(alignment)]]);
    const tensors = [tensor('a', [3], GgmlType.F32), tensor('b', [5], GgmlType.F16), tensor('c', [40], GgmlType.F32)];
    const bytes = expectOk(writeGguf({ metadata, tensors }), 'write');
    const file = expectOk(readGguf(bytes), 'read');
    const pad = (n: number) => Math.ceil(n / expected) * expected;
    expect(file.alignment).toBe(expected);
    expect(file.dataOffset % expected).toBe(0);
    expect(file.tensors.map((t) => t.offset)).toEqual([0, pad(12), pad(12) + pad(10)]);
    expect(bytes.byteLength).toBe(file.dataOffset + pad(12) + pad(10) + pad(160));
    for (const t of tensors) expect(Array.from(expectOk(readTensor(file, t.name), t.name))).toEqual(Array.from(t.data));
  });

  it('reads tensors from a buffer at an odd byte offset', () => {
    const bytes = expectOk(writeGguf({ metadata: new Map(), tensors: [tensor('a', [4], GgmlType.F32), tensor('h', [3], GgmlType.F16)] }), 'write');
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const file = expectOk(readGguf(shifted.subarray(1)), 'read');
    expect(Array.from(expectOk(readTensor(file, 'a'), 'a'))).toEqual([-1, -0.75, -0.5, -0.25]);
    expect(Array.from(expectOk(readTensor(file, 'h'), 'h'))).toEqual([-1, -0.75, -0.5]);
  });

  it.each<[string, Parameters<typeof writeGguf>[0], string]>([
    ['u8 out of range', { metadata: new Map([['k', gguf.u8(256)]]), tensors: [] }, 'invalid-value'],
    ['fractional u32', { metadata: new Map([['k', gguf.u32(1.5)]]), tensors: [] }, 'invalid-value'],
    ['u64 below zero', { metadata: new Map([['k', gguf.u64(-1n)]]), tensors: [] }, 'invalid-value'],
    ['i64 above range', { metadata: new Map([['k', gguf.i64(2n ** 63n)]]), tensors: [] }, 'invalid-value'],
    ['array item out of range', { metadata: new Map([['k', gguf.arr(GgufType.INT8, [200])]]), tensors: [] }, 'invalid-value'],
    ['array item of the wrong type', { metadata: new Map([['k', gguf.arr(GgufType.STRING, [1 as unknown as string])]]), tensors: [] }, 'invalid-value'],
    ['non-power-of-two alignment', { metadata: new Map([['general.alignment', gguf.u32(24)]]), tensors: [] }, 'bad-alignment'],
    ['alignment of the wrong type', { metadata: new Map([['general.alignment', gguf.u64(32n)]]), tensors: [] }, 'bad-alignment'],
    ['duplicate tensor', { metadata: new Map(), tensors: [tensor('t', [1], GgmlType.F32), tensor('t', [1], GgmlType.F32)] }, 'duplicate-tensor'],
    ['data shorter than dims', { metadata: new Map(), tensors: [{ ...tensor('t', [4], GgmlType.F32), dims: [5] }] }, 'tensor-size-mismatch'],
    ['five dims', { metadata: new Map(), tensors: [tensor('t', [1, 1, 1, 1, 1], GgmlType.F32)] }, 'bad-tensor'],
    ['name of 64 bytes', { metadata: new Map(), tensors: [tensor('n'.repeat(64), [1], GgmlType.F32)] }, 'bad-tensor'],
  ])('refuses %s', (_name, input, kind) => {
    const written = writeGguf(input);
    expect(written.ok ? 'ok' : written.error.kind).toBe(kind);
  });

  it('names the offending key', () => {
    const written = writeGguf({ metadata: new Map([['llama.block_count', gguf.u32(-1)]]), tensors: [] });
    expect(written.ok ? '' : written.error.message).toContain("'llama.block_count'");
  });
});
