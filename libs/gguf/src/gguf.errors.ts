/** Why bytes are not a GGUF file this library can read. Every variant carries a readable `message`. */
export type GgufError =
  | { readonly kind: 'bad-magic'; readonly found: string; readonly message: string }
  | { readonly kind: 'unsupported-version'; readonly version: number; readonly message: string }
  | { readonly kind: 'truncated'; readonly what: string; readonly offset: number; readonly needed: number; readonly message: string }
  | { readonly kind: 'invalid-count'; readonly what: string; readonly count: string; readonly message: string }
  | { readonly kind: 'unknown-value-type'; readonly key: string; readonly valueType: number; readonly message: string }
  | { readonly kind: 'array-too-deep'; readonly key: string; readonly message: string }
  | { readonly kind: 'duplicate-key'; readonly key: string; readonly message: string }
  | { readonly kind: 'bad-alignment'; readonly message: string }
  | { readonly kind: 'duplicate-tensor'; readonly tensor: string; readonly message: string }
  | { readonly kind: 'bad-tensor-dims'; readonly tensor: string; readonly dims: readonly string[]; readonly message: string }
  | { readonly kind: 'unsupported-tensor-type'; readonly tensor: string; readonly ggmlType: number; readonly message: string }
  | { readonly kind: 'misaligned-tensor'; readonly tensor: string; readonly offset: number; readonly alignment: number; readonly message: string }
  | {
      readonly kind: 'tensor-out-of-bounds';
      readonly tensor: string;
      readonly offset: number;
      readonly byteLength: number;
      readonly dataBytes: number;
      readonly message: string;
    }
  | { readonly kind: 'tensor-not-found'; readonly tensor: string; readonly message: string };

/** Why metadata and tensors cannot be written as GGUF; these are caller mistakes, reported with the key or tensor. */
export type GgufWriteError =
  | { readonly kind: 'invalid-value'; readonly key: string; readonly message: string }
  | { readonly kind: 'bad-alignment'; readonly message: string }
  | { readonly kind: 'duplicate-tensor'; readonly tensor: string; readonly message: string }
  | { readonly kind: 'bad-tensor'; readonly tensor: string; readonly message: string }
  | { readonly kind: 'tensor-size-mismatch'; readonly tensor: string; readonly expected: number; readonly actual: number; readonly message: string };

export const MAX_ARRAY_DEPTH = 64;
export const MAX_TENSOR_DIMS = 4;

export function truncated(what: string, offset: number, needed: number): GgufError {
  return { kind: 'truncated', what, offset, needed, message: `GGUF truncated: ${what} needs ${needed} bytes at offset ${offset}` };
}

export function unsupportedTensorType(tensor: string, ggmlType: number): GgufError {
  return { kind: 'unsupported-tensor-type', tensor, ggmlType, message: `tensor '${tensor}' has unsupported ggml type ${ggmlType}` };
}

export function badTensorDims(tensor: string, dims: readonly (number | bigint)[], why: string): GgufError {
  const shown = dims.map(String);
  return { kind: 'bad-tensor-dims', tensor, dims: shown, message: `tensor '${tensor}' has bad dims [${shown.join(', ')}]: ${why}` };
}
