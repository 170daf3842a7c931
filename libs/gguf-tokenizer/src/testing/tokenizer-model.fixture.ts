import { type GgmlFloatType, type GgufMetadata, type GgufTensorInput, GgufType, type GgufValue, gguf, readGguf, readTensorData, writeGguf } from '@tsukimi/gguf';
import { generateTinyModel, LLAMA_KEYS, SeededRandom } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';

const RESIZED = new Set(['token_embd.weight', 'output.weight']);

/**
 * GGUF bytes of the tiny Llama carrying `tokenizerEntries` as its vocabulary: the tiny model's
 * tensors with the embedding and output matrices resized to the vocabulary, so that llama.cpp
 * loads the file and its tokenizer can be compared with ours. The weights are seeded noise.
 */
export function tinyModelWithVocabulary(tokenizerEntries: readonly [string, GgufValue][], seed = 7): Uint8Array {
  const tokens = tokenizerEntries.find(([key]) => key === 'tokenizer.ggml.tokens')?.[1];
  if (tokens?.type !== GgufType.ARRAY) throw new Error('tokenizer entries need tokenizer.ggml.tokens');
  const vocabSize = tokens.items.length;
  const base = expectOk(readGguf(generateTinyModel()), 'tiny model');
  const metadata = new Map<string, GgufValue>();
  for (const [key, value] of base.metadata) if (!key.startsWith('tokenizer.')) metadata.set(key, value);
  metadata.set(LLAMA_KEYS.vocabSize, gguf.u32(vocabSize));
  for (const [key, value] of tokenizerEntries) metadata.set(key, value);

  const random = new SeededRandom(seed);
  const tensors: GgufTensorInput[] = base.tensors.map((info) => {
    if (!RESIZED.has(info.name)) return { name: info.name, dims: info.dims, type: info.type as GgmlFloatType, data: expectOk(readTensorData(base, info), info.name) };
    const dims = [info.dims[0]!, vocabSize];
    return { name: info.name, dims, type: info.type as GgmlFloatType, data: random.normals(dims[0]! * vocabSize, 0, 1 / Math.sqrt(dims[0]!)) };
  });
  return expectOk(writeGguf({ metadata, tensors }), 'tokenizer model GGUF');
}

/** The metadata of `tokenizerEntries` alone, for unit tests that need no model file. */
export function vocabularyMetadata(tokenizerEntries: readonly [string, GgufValue][]): GgufMetadata {
  return new Map(tokenizerEntries);
}
