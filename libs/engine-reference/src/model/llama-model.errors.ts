import { type GgufError, type MetadataError } from '@tsukimi/gguf';
import { type LlamaConfigError, type UnsupportedArchitectureError } from '@tsukimi/llama-model';

/** Why GGUF bytes are not a loadable Llama model; every variant names what is wrong in `message`. */
export type ModelLoadError =
  | { readonly kind: 'invalid-gguf'; readonly cause: GgufError; readonly message: string }
  | MetadataError
  | UnsupportedArchitectureError
  | LlamaConfigError
  | { readonly kind: 'missing-tensor'; readonly tensor: string; readonly message: string }
  | {
      readonly kind: 'tensor-shape';
      readonly tensor: string;
      readonly expected: readonly number[];
      readonly found: readonly number[];
      readonly message: string;
    }
  | { readonly kind: 'unsupported-tensor-type'; readonly tensor: string; readonly ggmlType: number; readonly message: string }
  | { readonly kind: 'unsupported-tokenizer'; readonly message: string };

export function invalidGguf(cause: GgufError): ModelLoadError {
  return { kind: 'invalid-gguf', cause, message: cause.message };
}
