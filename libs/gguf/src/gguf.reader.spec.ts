import { expectOk } from '@tsukimi/result';
import { gguf } from './gguf-value.builders';
import { readTensor } from './gguf-tensor.reader';
import { readGguf, readGgufMetadata } from './gguf.reader';
import { GgufSink } from './gguf.sink';
import { GGUF_MAGIC, GgmlType, GgufType, type GgufValue } from './gguf.types';
import { writeGguf } from './gguf.writer';

interface RawTensor {
  readonly name: string;
  readonly dims: readonly (number | bigint)[];
  readonly type: number;
  readonly offset: number | bigint;
}

/** Hand-made GGUF bytes, for layouts the writer refuses to produce. */
function raw(options: {
  version?: number;
  tensorCount?: bigint;
  kvCount?: bigint;
  kvs?: (s: GgufSink) => number;
  tensors?: readonly RawTensor[];
  dataBytes?: number;
}): Uint8Array {
  const body = new GgufSink();
  const kvs = options.kvs?.(body) ?? 0;
  for (const t of options.tensors ?? []) {
    body.string(t.name);
    body.u32(t.dims.length);
    t.dims.forEach((d) => body.u64(BigInt(d)));
    body.u32(t.type);
    body.u64(BigInt(t.offset));
  }
  const head = new GgufSink();
  head.u32(GGUF_MAGIC);
  head.u32(options.version ?? 3);
  head.i64(options.tensorCount ?? BigInt(options.tensors?.length ?? 0));
  head.i64(options.kvCount ?? BigInt(kvs));
  const headerBytes = head.offset + body.offset;
  const out = new Uint8Array(Math.ceil(headerBytes / 32) * 32 + (options.dataBytes ?? 0));
  out.set(head.contents());
  out.set(body.contents(), head.offset);
  return out;
}

function kv(s: GgufSink, key: string, type: number, write: () => void): void {
  s.string(key);
  s.u32(type);
  write();
}

function kind(bytes: Uint8Array): string {
  const result = readGguf(bytes);
  return result.ok ? 'ok' : result.error.kind;
}

const VALID = expectOk(
  writeGguf({
    metadata: new Map<string, GgufValue>([
      ['general.name', gguf.str('月見')],
      ['list', gguf.arr(GgufType.ARRAY, [gguf.arr(GgufType.UINT64, [1n, 2n])])],
    ]),
    tensors: [
      { name: 'a', dims: [3, 2], type: GgmlType.F32, data: new Float32Array(6).fill(1) },
      { name: 'b', dims: [5], type: GgmlType.F16, data: new Float32Array(5).fill(2) },
    ],
  }),
  'valid file',
);

describe('readGguf on bad input', () => {
  it.each([
    ['not GGUF at all', Buffer.from('GGML\x03\x00\x00\x00'), 'bad-magic'],
    ['an unrelated short file', Buffer.from('PK'), 'bad-magic'],
    ['empty bytes', new Uint8Array(0), 'truncated'],
    ['half a magic', Buffer.from('GG'), 'truncated'],
    ['version 1', raw({ version: 1 }), 'unsupported-version'],
    ['version 4', raw({ version: 4 }), 'unsupported-version'],
    ['a big-endian file', raw({ version: 0x03000000 }), 'unsupported-version'],
    ['a negative tensor count', raw({ tensorCount: -1n }), 'invalid-count'],
    ['a tensor count beyond the file', raw({ tensorCount: 1000n }), 'truncated'],
    ['a metadata count beyond the file', raw({ kvCount: 2n ** 62n }), 'truncated'],
    ['an unknown value type', raw({ kvs: (s) => (kv(s, 'k', 13, () => s.u32(0)), 1) }), 'unknown-value-type'],
    ['an unknown array item type', raw({ kvs: (s) => (kv(s, 'k', GgufType.ARRAY, () => (s.u32(99), s.u64(0n))), 1) }), 'unknown-value-type'],
    ['an array longer than the file', raw({ kvs: (s) => (kv(s, 'k', GgufType.ARRAY, () => (s.u32(GgufType.UINT8), s.u64(2n ** 63n))), 1) }), 'truncated'],
    ['a string longer than the file', raw({ kvs: (s) => (kv(s, 'k', GgufType.STRING, () => s.u64(1000n)), 1) }), 'truncated'],
    ['a duplicate key', raw({ kvs: (s) => (kv(s, 'k', GgufType.UINT8, () => s.u8(1)), kv(s, 'k', GgufType.UINT8, () => s.u8(2)), 2) }), 'duplicate-key'],
    ['an alignment that is not a power of two', raw({ kvs: (s) => (kv(s, 'general.alignment', GgufType.UINT32, () => s.u32(48)), 1) }), 'bad-alignment'],
    ['an alignment of zero', raw({ kvs: (s) => (kv(s, 'general.alignment', GgufType.UINT32, () => s.u32(0)), 1) }), 'bad-alignment'],
    ['an alignment of the wrong type', raw({ kvs: (s) => (kv(s, 'general.alignment', GgufType.STRING, () => s.string('32')), 1) }), 'bad-alignment'],
    ['an unknown tensor type', raw({ tensors: [{ name: 't', dims: [4], type: 100, offset: 0 }], dataBytes: 64 }), 'unsupported-tensor-type'],
    ['a retired tensor type', raw({ tensors: [{ name: 't', dims: [32], type: 4, offset: 0 }], dataBytes: 64 }), 'unsupported-tensor-type'],
    ['five dims', raw({ tensors: [{ name: 't', dims: [1, 1, 1, 1, 1], type: 0, offset: 0 }], dataBytes: 32 }), 'bad-tensor-dims'],
    ['dims overflowing 2^53 elements', raw({ tensors: [{ name: 't', dims: [2n ** 30n, 2n ** 30n], type: 0, offset: 0 }] }), 'bad-tensor-dims'],
    ['a quantized row that is not whole blocks', raw({ tensors: [{ name: 't', dims: [33], type: 2, offset: 0 }], dataBytes: 64 }), 'bad-tensor-dims'],
    ['a duplicate tensor', raw({ tensors: [{ name: 't', dims: [1], type: 0, offset: 0 }, { name: 't', dims: [1], type: 0, offset: 32 }], dataBytes: 64 }), 'duplicate-tensor'],
    ['a misaligned tensor', raw({ tensors: [{ name: 't', dims: [1], type: 0, offset: 4 }], dataBytes: 64 }), 'misaligned-tensor'],
    ['a tensor past the end', raw({ tensors: [{ name: 't', dims: [9], type: 0, offset: 0 }], dataBytes: 32 }), 'tensor-out-of-bounds'],
    ['a tensor at a huge offset', raw({ tensors: [{ name: 't', dims: [1], type: 0, offset: 2n ** 63n }], dataBytes: 32 }), 'tensor-out-of-bounds'],
  ])('refuses %s', (_name, bytes, expected) => {
    expect(kind(bytes)).toBe(expected);
  });

  it('names the key or tensor at fault in the message', () => {
    const bad = readGguf(raw({ kvs: (s) => (kv(s, 'llama.block_count', 42, () => undefined), 1) }));
    expect(bad.ok ? '' : bad.error.message).toContain("'llama.block_count'");
    const out = readGguf(raw({ tensors: [{ name: 'blk.0.attn_q.weight', dims: [64], type: 0, offset: 0 }], dataBytes: 32 }));
    expect(out.ok ? '' : out.error.message).toContain("'blk.0.attn_q.weight'");
  });

  it('refuses arrays nested deeper than 64 levels, and reads 64', () => {
    const nested = (depth: number) =>
      raw({
        kvs: (s) => {
          kv(s, 'deep', GgufType.ARRAY, () => {
            for (let i = 1; i < depth; i++) {
              s.u32(GgufType.ARRAY);
              s.u64(1n);
            }
            s.u32(GgufType.UINT8);
            s.u64(0n);
          });
          return 1;
        },
      });
    expect(kind(nested(64))).toBe('ok');
    expect(kind(nested(65))).toBe('array-too-deep');
  });

  it('returns an error for every truncation of a valid file', () => {
    const file = expectOk(readGguf(VALID), 'valid');
    const last = file.tensors[file.tensors.length - 1];
    const needed = file.dataOffset + (last?.offset ?? 0) + (last?.byteLength ?? 0);
    const kinds = new Set<string>();
    for (let length = 0; length < needed; length++) kinds.add(kind(VALID.subarray(0, length)));
    expect([...kinds].sort()).toEqual(['tensor-out-of-bounds', 'truncated']);
    expect(kind(VALID.subarray(0, needed))).toBe('ok');
  });

  it('never throws on randomly corrupted bytes', () => {
    const random = xorshift32(7);
    for (let trial = 0; trial < 2000; trial++) {
      const bytes = VALID.slice();
      for (let flips = 1 + (random.nextU32() % 4); flips > 0; flips--) bytes[random.nextU32() % bytes.length] = random.nextU32() & 0xff;
      expect(() => readGguf(bytes)).not.toThrow();
    }
  });
});

describe('readGguf on valid input', () => {
  it('reads version 2 files, which share the v3 layout', () => {
    expect(expectOk(readGguf(raw({ version: 2 })), 'v2').version).toBe(2);
  });

  it('describes quantized tensors but decodes only F32 and F16', () => {
    const file = expectOk(readGguf(raw({ tensors: [{ name: 'q', dims: [64, 2], type: 8, offset: 0 }], dataBytes: 160 })), 'q8');
    expect(file.tensors[0]?.byteLength).toBe(2 * 2 * 34);
    const data = readTensor(file, 'q');
    expect(data.ok ? 'ok' : data.error.kind).toBe('unsupported-tensor-type');
  });

  it('reports a missing tensor by name', () => {
    const missing = readTensor(expectOk(readGguf(VALID), 'valid'), 'nope');
    expect(missing.ok ? '' : missing.error.message).toBe("tensor 'nope' is missing");
  });
});

describe('readGgufMetadata', () => {
  const metadataEnd = (): number => {
    for (let length = 0; length <= VALID.length; length++) if (readGgufMetadata(VALID.subarray(0, length)).ok) return length;
    throw new Error('never readable');
  };

  it('reads the metadata from the first bytes of a file, before its tensor infos and data', () => {
    const end = metadataEnd();
    expect(end).toBeLessThan(expectOk(readGguf(VALID), 'whole').dataOffset);
    const read = expectOk(readGgufMetadata(VALID.subarray(0, end)), 'prefix');
    expect(read.metadata).toEqual(expectOk(readGguf(VALID), 'whole').metadata);
  });

  it('says truncated, never throws, when the prefix is too short', () => {
    const end = metadataEnd();
    for (let length = 0; length < end; length++) {
      const read = readGgufMetadata(VALID.subarray(0, length));
      expect(read.ok ? 'ok' : read.error.kind).toMatch(/^(truncated|bad-magic)$/);
    }
  });
});

/** A small seeded generator, so the corruption trials are the same on every run. */
function xorshift32(seed: number): { nextU32(): number } {
  let state = seed >>> 0 || 1;
  return {
    nextU32() {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return state;
    },
  };
}
