import { isSilent, TokenAttr } from '../vocab/token-attributes';
import { type Vocabulary } from '../vocab/vocabulary';
import { gpt2CharToByte } from '../unicode/gpt2-bytes';
import { utf8Bytes } from '../unicode/utf8';

const EMPTY = new Uint8Array(0);
const SPM_SPACE = /\u2581/g;

/**
 * The bytes each token stands for, as llama.cpp's `token_to_piece` without special text:
 * nothing for control, unknown, unused and untyped tokens; a user-defined token's own text;
 * a normal token's text with `▁` as space (SentencePiece) or its byte-level characters as
 * bytes (GPT-2 style); a `<0xNN>` byte token's byte. Computed once per token, on first use.
 */
export class TokenPieces {
  private readonly cache: (Uint8Array | undefined)[];

  constructor(private readonly vocab: Vocabulary) {
    this.cache = new Array<Uint8Array | undefined>(vocab.tokens.length);
  }

  bytes(token: number): Uint8Array {
    if (!Number.isInteger(token) || token < 0 || token >= this.vocab.tokens.length) return EMPTY;
    let piece = this.cache[token];
    if (piece === undefined) {
      piece = this.compute(token);
      this.cache[token] = piece;
    }
    return piece;
  }

  private compute(token: number): Uint8Array {
    const attr = this.vocab.attrs[token]!;
    const text = this.vocab.tokens[token]!;
    if (isSilent(attr)) return EMPTY;
    if (attr & TokenAttr.userDefined) return utf8Bytes(text);
    if (attr & TokenAttr.normal) return this.vocab.model === 'llama' ? utf8Bytes(text.replace(SPM_SPACE, ' ')) : byteLevelBytes(text);
    if (attr & TokenAttr.byte) return Uint8Array.of(parseInt(text.slice(3, 5), 16) || 0);
    return EMPTY;
  }
}

/** A byte-level token's bytes; a character outside the byte alphabet is spelled out as llama.cpp does. */
function byteLevelBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const b = gpt2CharToByte(ch.codePointAt(0)!);
    if (b !== undefined) {
      out.push(b);
      continue;
    }
    const hex = Array.from(utf8Bytes(ch), (x) => x.toString(16).padStart(2, '0')).join('');
    out.push(...utf8Bytes(`[UNK_BYTE_0x${hex}${text}]`));
  }
  return Uint8Array.from(out);
}
