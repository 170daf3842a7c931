import * as fs from 'node:fs';
import { type Engine } from '@tsukimi/engine';
import { type GgufMetadata, type GgufValue, readGgufMetadata, writeGguf } from '@tsukimi/gguf';
import { type ModelCard } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';

/** The first read of a model file; doubled until the metadata ends (a large vocabulary runs to megabytes). */
const FIRST_READ_BYTES = 1 << 20;
/** The metadata a client needs to tokenize and template prompts; the weights' hyperparameters stay behind. */
const CARD_KEY_PREFIXES = ['general.', 'tokenizer.'];

/**
 * A GGUF file's metadata read from its first bytes only, so a model of many gigabytes costs a
 * read of a few megabytes. The error is one line naming the file.
 */
export async function readModelMetadata(modelPath: string): Promise<Result<GgufMetadata, string>> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(modelPath, 'r');
  } catch (error) {
    return err(`cannot read model ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const size = (await handle.stat()).size;
    for (let length = Math.min(FIRST_READ_BYTES, size); ; length = Math.min(length * 2, size)) {
      const bytes = new Uint8Array(length);
      await handle.read(bytes, 0, length, 0);
      const read = readGgufMetadata(bytes);
      if (read.ok) return ok(read.value.metadata);
      if (read.error.kind !== 'truncated' || length === size) return err(`cannot read model ${modelPath}: ${read.error.message}`);
    }
  } finally {
    await handle.close();
  }
}

/** The model card an instance hands out: its model's general and tokenizer metadata as a GGUF with no tensors. */
export async function buildModelCard(modelPath: string, engine: Engine): Promise<Result<ModelCard, string>> {
  const metadata = await readModelMetadata(modelPath);
  if (!metadata.ok) return metadata;
  const kept = new Map<string, GgufValue>([...metadata.value].filter(([key]) => CARD_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))));
  const file = writeGguf({ metadata: kept, tensors: [] });
  if (!file.ok) return err(`cannot write the model card of ${modelPath}: ${file.error.message}`);
  return ok({ modelId: engine.info.modelId, tokenizerId: engine.tokenizer.id, ggufMetadata: Buffer.from(file.value) });
}

/** The `ModelCard` gRPC method of an instance: the same card, built once at start, for every caller. */
export function modelCardHandler(card: ModelCard): (call: unknown, callback: (error: null, reply: ModelCard) => void) => void {
  return (_call, callback) => callback(null, card);
}
