import { type Tokenizer, type TokenStreamDecoder } from '@tsukimi/engine';
import { type GgufMetadata } from '@tsukimi/gguf';
import { err, ok, type Result } from '@tsukimi/result';
import { BpeEncoder } from './bpe/bpe.encoder';
import { TokenPieces } from './decode/token-pieces';
import { utf8StreamDecoder } from './decode/utf8-stream.decoder';
import { type GgufTokenizerError } from './gguf-tokenizer.errors';
import { codePointText } from './pre-tokenizer/split-step';
import { SpmEncoder } from './spm/spm.encoder';
import { vocabularyId } from './tokenizer-id';
import { codePointsToGpt2 } from './unicode/gpt2-bytes';
import { codePoints } from './unicode/utf8';
import { readVocabulary } from './vocab/gguf-vocabulary.reader';
import { SPECIAL_TOKEN_KEYS } from './vocab/special-tokens.reader';
import { partitionSpecialTokens } from './vocab/special-token.partitioner';
import { type TokenizerModel, type Vocabulary } from './vocab/vocabulary';

export interface EncodeOptions {
  /**
   * Match control tokens (`<|im_start|>`, `<s>`) written in the text as those tokens, as
   * llama.cpp's tokenize with `parse_special`; chat prompts rendered by a template need it.
   * Off by default, so user text cannot forge control tokens. User-defined tokens always match.
   */
  readonly parseSpecial?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPM_SPACE = '\u2581';
/** Bounds on remembered word encodings per tokenizer (cleared when full): a few MiB at most. */
const WORD_CACHE_ENTRIES = 1 << 16;
const CACHED_WORD_LENGTH = 64;

/** A GGUF's own tokenizer, matching llama.cpp token for token. Build it with `ggufTokenizer`. */
export class GgufTokenizer implements Tokenizer {
  readonly id: string;
  readonly vocabSize: number;
  readonly bosToken: number;
  readonly eosToken: number;
  /** The padding token, or EOS where the vocabulary names none. */
  readonly padToken: number;
  readonly model: TokenizerModel;
  /** Whether llama.cpp would put BOS before a prompt (`tokenizer.ggml.add_bos_token` or the model's default). */
  readonly addBos: boolean;
  readonly addEos: boolean;
  /** SentencePiece only: a space goes before the text and after each special token, so decoded text starts with one. */
  readonly addSpacePrefix: boolean;
  /** Tokens that end generation: EOS, EOT, EOM and the end-of-turn markers llama.cpp knows by name. */
  readonly endOfGeneration: ReadonlySet<number>;
  private readonly pieces: TokenPieces;
  private readonly encodeText: (text: string, out: number[]) => void;

  private constructor(
    private readonly vocab: Vocabulary,
    bos: number,
    eos: number,
  ) {
    this.id = vocabularyId(vocab);
    this.vocabSize = vocab.tokens.length;
    this.bosToken = bos;
    this.eosToken = eos;
    this.padToken = vocab.special.pad ?? eos;
    this.model = vocab.model;
    this.addBos = vocab.addBos;
    this.addEos = vocab.addEos;
    this.addSpacePrefix = vocab.model === 'llama' && vocab.addSpacePrefix;
    this.endOfGeneration = vocab.endOfGeneration;
    this.pieces = new TokenPieces(vocab);
    this.encodeText = vocab.model === 'llama' ? this.spmEncoder() : this.bpeEncoder();
  }

  static fromMetadata(meta: GgufMetadata): Result<GgufTokenizer, GgufTokenizerError> {
    const vocab = readVocabulary(meta);
    if (!vocab.ok) return vocab;
    const { bos, eos } = vocab.value.special;
    if (bos === undefined) return err(missing(SPECIAL_TOKEN_KEYS.bos));
    if (eos === undefined) return err(missing(SPECIAL_TOKEN_KEYS.eos));
    return ok(new GgufTokenizer(vocab.value, bos, eos));
  }

  /** Token ids of `text`, as llama.cpp's tokenize without added BOS/EOS. */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const { specialCandidates, tokens, attrs } = this.vocab;
    const fragments = partitionSpecialTokens(text.replace(LONE_SURROGATE, '\uFFFD'), specialCandidates, tokens, attrs, options.parseSpecial ?? false);
    const out: number[] = [];
    let afterSpecial = true;
    for (const fragment of fragments) {
      if (fragment.kind === 'token') {
        out.push(fragment.id);
        afterSpecial = true;
        continue;
      }
      // SentencePiece models see a space before the text and after each special token (llama.cpp's rule).
      const prefix = this.addSpacePrefix && afterSpecial ? ' ' : '';
      this.encodeText(prefix + fragment.text, out);
      afterSpecial = false;
    }
    return out;
  }

  decode(tokens: readonly number[]): string {
    const parts = tokens.map((t) => this.pieces.bytes(t));
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(joined);
  }

  /** The bytes `token` stands for in decoded text; empty for control tokens and ids outside the vocabulary. */
  tokenBytes(token: number): Uint8Array {
    return this.pieces.bytes(token);
  }

  /** The token's text as the vocabulary spells it (`<|im_end|>`, `Ġthe`, `▁the`), or undefined. */
  tokenText(token: number): string | undefined {
    return this.vocab.tokens[token];
  }

  streamDecoder(): TokenStreamDecoder {
    return utf8StreamDecoder((t) => this.pieces.bytes(t));
  }

  private bpeEncoder(): (text: string, out: number[]) => void {
    const lookup = (text: string) => this.vocab.ids.get(text);
    const pre = this.vocab.preTokenizer!;
    const bpe = new BpeEncoder(lookup, this.vocab.merges, pre.ignoreMerges, this.vocab.tokens.length);
    // A word always becomes the same tokens, and prose repeats its words: remembering them is most of the speed.
    const words = new Map<string, readonly number[]>();
    return (text, out) => {
      const cps = codePoints(text);
      const source = codePointText(cps);
      let pieces = [cps.length];
      for (const step of pre.steps) pieces = step(source, pieces);
      let start = 0;
      for (const length of pieces) {
        const word = codePointsToGpt2(cps, start, (start += length));
        let tokens = words.get(word);
        if (tokens === undefined) {
          const fresh: number[] = [];
          bpe.encodeWord(word, fresh);
          tokens = fresh;
          if (word.length <= CACHED_WORD_LENGTH) {
            if (words.size >= WORD_CACHE_ENTRIES) words.clear();
            words.set(word, fresh);
          }
        }
        for (const token of tokens) out.push(token);
      }
    };
  }

  private spmEncoder(): (text: string, out: number[]) => void {
    const ids = this.vocab.ids;
    const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
    // Without a `<0xNN>` token llama.cpp tries the byte as a one-character token, then gives up; unknown stands in here.
    const byteToken = (b: number) => ids.get(`<0x${hex(b)}>`) ?? (b < 0x80 ? ids.get(String.fromCharCode(b)) : undefined) ?? this.vocab.special.unk ?? 0;
    const spm = new SpmEncoder((text) => ids.get(text), (token) => this.vocab.scores[token]!, byteToken, SpmEncoder.joinablePairs(this.vocab.tokens));
    return (text, out) => spm.encode(text.replaceAll(' ', SPM_SPACE), out);
  }
}

function missing(key: string): GgufTokenizerError {
  return { kind: 'missing-special-token', key, message: `the vocabulary has no token for '${key}' and no default applies` };
}

/** The tokenizer of a GGUF, built from its `tokenizer.ggml.*` metadata alone. */
export function ggufTokenizer(meta: GgufMetadata): Result<GgufTokenizer, GgufTokenizerError> {
  return GgufTokenizer.fromMetadata(meta);
}
