import { type TokenVocabulary } from '../tokens/token-vocabulary';

const UTF8 = new TextEncoder();

/** The tiny model's vocabulary: tokens 0–255 are bytes, then BOS, EOS, PAD. */
export const BYTE_VOCABULARY: TokenVocabulary = {
  vocabSize: 259,
  eosToken: 257,
  tokenBytes: (token) => (token < 256 ? Uint8Array.of(token) : new Uint8Array(0)),
};

/** A vocabulary of the given multi-byte pieces after the 256 bytes, then EOS: BPE-shaped. */
export function pieceVocabulary(pieces: readonly string[]): TokenVocabulary & { readonly pieces: readonly Uint8Array[] } {
  const encoded = pieces.map((p) => UTF8.encode(p));
  const eosToken = 256 + encoded.length;
  return {
    vocabSize: eosToken + 1,
    eosToken,
    pieces: encoded,
    tokenBytes: (token) => (token < 256 ? Uint8Array.of(token) : token < eosToken ? encoded[token - 256]! : new Uint8Array(0)),
  };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), for seeded property loops. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
