import { gguf, GgufType, type GgufValue } from '@tsukimi/gguf';
import { BYTE_VOCAB } from '@tsukimi/engine';

/**
 * GPT-2's `bytes_to_unicode`: printable Latin-1 bytes stand for themselves, the other 68
 * bytes for U+0100 onwards in byte order. With these strings as tokens 0–255 and no merges,
 * llama.cpp's "gpt2" tokenizer maps every byte to the token whose id is the byte.
 */
export function gpt2ByteStrings(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0x100;
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(printable(b) ? b : next++));
}

export const SPECIAL_TOKEN_TEXT = { bos: '<|bos|>', eos: '<|eos|>', pad: '<|pad|>' } as const;

/** llama.cpp token types. */
const TOKEN_TYPE = { normal: 1, control: 3 } as const;

/** The `tokenizer.ggml.*` entries of the byte-level vocabulary (ids 0–255 bytes, then BOS, EOS, PAD). */
export function byteVocabMetadata(): [string, GgufValue][] {
  const tokens = [...gpt2ByteStrings(), SPECIAL_TOKEN_TEXT.bos, SPECIAL_TOKEN_TEXT.eos, SPECIAL_TOKEN_TEXT.pad];
  const types = tokens.map((_, id) => (id < 256 ? TOKEN_TYPE.normal : TOKEN_TYPE.control));
  return [
    ['tokenizer.ggml.model', gguf.str('gpt2')],
    ['tokenizer.ggml.pre', gguf.str('gpt-2')],
    ['tokenizer.ggml.tokens', gguf.arr(GgufType.STRING, tokens)],
    ['tokenizer.ggml.token_type', gguf.arr(GgufType.INT32, types)],
    ['tokenizer.ggml.merges', gguf.arr(GgufType.STRING, [])],
    ['tokenizer.ggml.bos_token_id', gguf.u32(BYTE_VOCAB.bos)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(BYTE_VOCAB.eos)],
    ['tokenizer.ggml.padding_token_id', gguf.u32(BYTE_VOCAB.pad)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(false)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
  ];
}
