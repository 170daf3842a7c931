/**
 * Turns text into token ids and back. Engines, the conductor and the CLI all speak
 * through this port, so a GGUF's own vocabulary can replace the byte-level one.
 */
export interface Tokenizer {
  /** Stable identifier of the vocabulary; instances whose tokenizers differ cannot share KV blocks. */
  readonly id: string;
  readonly vocabSize: number;
  readonly bosToken: number;
  readonly eosToken: number;
  readonly padToken: number;
  /**
   * Token ids of `text`; no BOS is added. With `parseSpecial`, control tokens written in the
   * text (`<|im_start|>`) become those tokens, as a chat template's output needs; without it,
   * user text cannot forge them.
   */
  encode(text: string, options?: { readonly parseSpecial?: boolean }): number[];
  /** Text of `tokens`; special tokens (BOS/EOS/PAD) produce no text, invalid UTF-8 becomes U+FFFD. */
  decode(tokens: readonly number[]): string;
  /** A decoder for streaming: text is emitted only once its bytes form whole characters. */
  streamDecoder(): TokenStreamDecoder;
  /**
   * The bytes `token` stands for (UTF-8 pieces of text, possibly part of a character);
   * empty for special tokens. Structured output masks tokens by these bytes.
   */
  tokenBytes(token: number): Uint8Array;
}

export interface TokenStreamDecoder {
  /** Text completed by this token (possibly empty while a multi-byte character is pending). */
  push(token: number): string;
  /** Whatever is still pending, with incomplete characters replaced by U+FFFD. */
  flush(): string;
}
