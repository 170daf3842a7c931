import * as path from 'node:path';
import type { LlamaModel } from 'node-llama-cpp';

/** What the engine reads from the GGUF's metadata beyond what llama.cpp exposes directly. */
export interface LlamaCppModelFacts {
  readonly name: string | undefined;
  readonly vocabSize: number;
  /** KV heads per layer, if the metadata names one count for every layer. */
  readonly kvHeads: number | undefined;
  readonly padToken: number | undefined;
  /** `tokenizer.ggml.model`: gpt2, llama, … */
  readonly tokenizerModel: string | undefined;
  readonly tokens: readonly string[];
  readonly tokenTypes: readonly number[] | undefined;
}

export function readModelFacts(model: LlamaModel): LlamaCppModelFacts {
  const metadata = model.fileInfo.metadata as unknown as Record<string, unknown>;
  const architecture = stringAt(metadata, 'general.architecture');
  const tokens = at(metadata, 'tokenizer.ggml.tokens');
  const kvHeads = architecture === undefined ? undefined : at(metadata, `${architecture}.attention.head_count_kv`) ?? at(metadata, `${architecture}.attention.head_count`);
  const pad = at(metadata, 'tokenizer.ggml.padding_token_id');
  const types = at(metadata, 'tokenizer.ggml.token_type');
  return {
    name: stringAt(metadata, 'general.name'),
    vocabSize: Array.isArray(tokens) ? tokens.length : 0,
    kvHeads: typeof kvHeads === 'number' && Number.isInteger(kvHeads) && kvHeads > 0 ? kvHeads : undefined,
    padToken: typeof pad === 'number' ? pad : undefined,
    tokenizerModel: stringAt(metadata, 'tokenizer.ggml.model'),
    tokens: Array.isArray(tokens) ? (tokens as string[]) : [],
    tokenTypes: Array.isArray(types) ? (types as number[]) : undefined,
  };
}

/** The model's name in block keys: the option, else `general.name`, else the file's base name. */
export function modelIdFor(modelPath: string, facts: LlamaCppModelFacts, explicit: string | undefined): string {
  return explicit ?? (facts.name && facts.name.length > 0 ? facts.name : path.basename(modelPath, path.extname(modelPath)));
}

function at(metadata: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = metadata;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function stringAt(metadata: Record<string, unknown>, dotted: string): string | undefined {
  const value = at(metadata, dotted);
  return typeof value === 'string' ? value : undefined;
}
