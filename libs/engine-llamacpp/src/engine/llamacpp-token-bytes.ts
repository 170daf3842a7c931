import { gpt2ByteStrings } from '@tsukimi/llama-model';

/** llama.cpp token types whose tokens stand for no text. */
const TEXTLESS_TYPES = new Set([3 /* control */, 5 /* unused */]);
const SPM_SPACE = '\u2581';
const SPM_BYTE = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * The bytes each token stands for, read from the GGUF's vocabulary: GPT-2 style vocabularies
 * spell bytes with printable stand-ins, SentencePiece ones write spaces as U+2581 and raw bytes
 * as `<0xXX>`. Control tokens stand for nothing. Other vocabularies fall back to the token's
 * text as UTF-8.
 */
export function tokenBytesTable(model: string | undefined, tokens: readonly string[], types: readonly number[] | undefined): (token: number) => Uint8Array {
  const gpt2 = model === 'gpt2' ? new Map(gpt2ByteStrings().map((text, byte) => [text, byte])) : undefined;
  const cache = new Map<number, Uint8Array>();
  const empty = new Uint8Array(0);
  const compute = (token: number): Uint8Array => {
    const text = tokens[token];
    if (text === undefined || TEXTLESS_TYPES.has(types?.[token] ?? 1)) return empty;
    if (gpt2) {
      const bytes = Array.from(text, (char) => gpt2.get(char));
      if (bytes.every((b) => b !== undefined)) return Uint8Array.from(bytes as number[]);
      return new Uint8Array(Buffer.from(text, 'utf8'));
    }
    if (model === 'llama') {
      const byte = SPM_BYTE.exec(text);
      if (byte) return Uint8Array.of(parseInt(byte[1]!, 16));
      return new Uint8Array(Buffer.from(text.replaceAll(SPM_SPACE, ' '), 'utf8'));
    }
    return new Uint8Array(Buffer.from(text, 'utf8'));
  };
  return (token: number): Uint8Array => {
    let bytes = cache.get(token);
    if (!bytes) {
      bytes = compute(token);
      cache.set(token, bytes);
    }
    return bytes;
  };
}
