import { type PreTokenizer } from '../pre-tokenizer/pre-tokenizer.registry';

export type TokenizerModel = 'gpt2' | 'llama';
export const SUPPORTED_TOKENIZER_MODELS: readonly TokenizerModel[] = ['gpt2', 'llama'];

/** Special token ids after llama.cpp's defaults and range checks; undefined where there is none. */
export interface SpecialTokenIds {
  readonly bos: number | undefined;
  readonly eos: number | undefined;
  readonly eot: number | undefined;
  readonly eom: number | undefined;
  readonly unk: number | undefined;
  readonly sep: number | undefined;
  readonly pad: number | undefined;
}

/** A GGUF vocabulary as llama.cpp holds it once loaded: texts, attributes, scores, merges and flags. */
export interface Vocabulary {
  readonly model: TokenizerModel;
  /** `tokenizer.ggml.pre` as written (gpt2 only; undefined when absent). */
  readonly pre: string | undefined;
  /** Present for gpt2. */
  readonly preTokenizer: PreTokenizer | undefined;
  readonly tokens: readonly string[];
  /** `TokenAttr` flags per token, after llama.cpp's by-name overrides. */
  readonly attrs: Uint16Array;
  /** SentencePiece scores (0 where the file has none). */
  readonly scores: Float64Array;
  readonly merges: readonly string[];
  /** Token id by text; a text listed twice maps to its last id, as in llama.cpp. */
  readonly ids: ReadonlyMap<string, number>;
  readonly special: SpecialTokenIds;
  readonly addBos: boolean;
  readonly addEos: boolean;
  /** SentencePiece: a space goes before the text and after each special token. */
  readonly addSpacePrefix: boolean;
  /** Tokens that end generation (EOS, EOT, EOM and llama.cpp's by-name list). */
  readonly endOfGeneration: ReadonlySet<number>;
  /** Tokens matched as wholes before tokenizing, longest text first. */
  readonly specialCandidates: readonly number[];
}
