/** What the constraint needs to know of a tokenizer; the engine's `Tokenizer` port has it. */
export interface TokenVocabulary {
  readonly vocabSize: number;
  readonly eosToken: number;
  /** The bytes `token` stands for; empty for special tokens. */
  tokenBytes(token: number): Uint8Array;
}
