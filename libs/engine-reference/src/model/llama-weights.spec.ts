import { expectOk } from '@tsukimi/result';
import { GgmlType, gguf, type GgufTensorInput, type GgufValue, readGguf, readTensorData, writeGguf } from '@tsukimi/gguf';
import { loadLlamaModel } from './llama-weights';
import { generateTinyModel } from '@tsukimi/llama-model';

const TINY = generateTinyModel({ dim: 32, heads: 4, kvHeads: 2, ffnDim: 48, layers: 2 });

/** The tiny model rewritten after `edit` changes its metadata or tensors. */
function edited(edit: (metadata: Map<string, GgufValue>, tensors: GgufTensorInput[]) => void): Uint8Array {
  const file = expectOk(readGguf(TINY), 'read');
  const metadata = new Map(file.metadata);
  const tensors = file.tensors.map((t) => ({ name: t.name, dims: t.dims, type: GgmlType.F32, data: expectOk(readTensorData(file, t), t.name) }));
  edit(metadata, tensors);
  return expectOk(writeGguf({ metadata, tensors }), 'write');
}

function loadError(bytes: Uint8Array) {
  const result = loadLlamaModel(bytes);
  return result.ok ? undefined : result.error;
}

describe('loadLlamaModel', () => {
  it('loads an unedited copy', () => {
    expect(loadLlamaModel(edited(() => undefined)).ok).toBe(true);
  });

  it('reports bytes that are not GGUF with the reader error as cause', () => {
    expect(loadError(new Uint8Array(16))).toMatchObject({ kind: 'invalid-gguf', cause: { kind: 'bad-magic' } });
    expect(loadError(TINY.subarray(0, 1000))).toMatchObject({ kind: 'invalid-gguf', cause: { kind: 'truncated' } });
  });

  it.each(['general.name', 'llama.block_count', 'llama.attention.head_count', 'general.architecture'])('names the missing key %s', (key) => {
    expect(loadError(edited((metadata) => metadata.delete(key)))).toMatchObject({ kind: 'missing-key', key, message: `metadata key '${key}' is missing` });
  });

  it.each(['token_embd.weight', 'blk.1.ffn_down.weight', 'blk.0.attn_k.weight', 'output_norm.weight'])('names the missing tensor %s', (name) => {
    const bytes = edited((_metadata, tensors) => tensors.splice(tensors.findIndex((t) => t.name === name), 1));
    expect(loadError(bytes)).toMatchObject({ kind: 'missing-tensor', tensor: name, message: `tensor '${name}' is missing` });
  });

  it('names a tensor whose dims disagree with the config, even with the right element count', () => {
    const transposed = edited((_metadata, tensors) => {
      const index = tensors.findIndex((t) => t.name === 'blk.0.attn_k.weight');
      const k = tensors[index];
      if (k) tensors[index] = { ...k, dims: [...k.dims].reverse() };
    });
    expect(loadError(transposed)).toMatchObject({ kind: 'tensor-shape', tensor: 'blk.0.attn_k.weight', expected: [32, 16], found: [16, 32] });
    const widened = edited((_metadata, tensors) => {
      const index = tensors.findIndex((t) => t.name === 'blk.1.attn_v.weight');
      tensors[index] = { name: 'blk.1.attn_v.weight', dims: [32, 32], type: GgmlType.F32, data: new Float32Array(32 * 32) };
    });
    expect(loadError(widened)).toMatchObject({
      kind: 'tensor-shape',
      tensor: 'blk.1.attn_v.weight',
      message: "tensor 'blk.1.attn_v.weight' has dims [32, 32], expected [32, 16]",
    });
  });

  it('refuses a vocabulary size that disagrees with the embedding', () => {
    const error = loadError(edited((metadata) => metadata.set('llama.vocab_size', gguf.u32(300))));
    expect(error).toMatchObject({ kind: 'tensor-shape', tensor: 'token_embd.weight', expected: [32, 300], found: [32, 259] });
  });

  it('refuses an inconsistent config, naming the field', () => {
    expect(loadError(edited((metadata) => metadata.set('llama.attention.head_count_kv', gguf.u32(3))))).toMatchObject({ kind: 'invalid-config', field: 'kvHeads' });
  });

  it('names a tensor stored in a type it cannot decode', () => {
    const bytes = TINY.slice();
    const name = Buffer.from('output_norm.weight');
    const typeOffset = Buffer.from(bytes).indexOf(name) + name.length + 4 + 8;
    new DataView(bytes.buffer).setUint32(typeOffset, 8, true); // Q8_0: one 34-byte block of 32
    expect(loadError(bytes)).toMatchObject({ kind: 'unsupported-tensor-type', tensor: 'output_norm.weight', ggmlType: 8 });
  });

  it('ties the output projection to the embedding when output.weight is absent, as llama.cpp does', () => {
    const bytes = edited((_metadata, tensors) => tensors.splice(tensors.findIndex((t) => t.name === 'output.weight'), 1));
    const { weights } = expectOk(loadLlamaModel(bytes), 'load');
    expect(weights.output).toBe(weights.tokenEmbedding);
  });
});
