import { type TokenStreamDecoder, type Tokenizer } from '@tsukimi/engine';
import type { LlamaModel, Token } from 'node-llama-cpp';

/** A streaming decoder holds back at most this many tokens waiting for a character's remaining bytes. */
const MAX_PENDING_TOKENS = 8;
/** Tokens before the pending ones passed to llama.cpp so it decides spacing as it would mid-text. */
const CONTEXT_TOKENS = 4;

/** The special tokens a tokenizer reports, read from the GGUF by the engine. */
export interface SpecialTokens {
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
}

/** llama.cpp's own tokenizer for the loaded GGUF behind the `Tokenizer` port. */
export class LlamaCppTokenizer implements Tokenizer {
  readonly bosToken: number;
  readonly eosToken: number;
  readonly padToken: number;

  constructor(
    private readonly model: LlamaModel,
    /** Identifies the vocabulary: derived from the model file, so two engines on the same file agree. */
    readonly id: string,
    readonly vocabSize: number,
    special: SpecialTokens,
    private readonly bytesOf: (token: number) => Uint8Array,
  ) {
    this.bosToken = special.bos;
    this.eosToken = special.eos;
    this.padToken = special.pad;
  }

  encode(text: string): number[] {
    return Array.from(this.model.tokenize(text, false));
  }

  decode(tokens: readonly number[]): string {
    return this.model.detokenize(tokens as Token[], false);
  }

  tokenBytes(token: number): Uint8Array {
    return this.bytesOf(token);
  }

  streamDecoder(): TokenStreamDecoder {
    const model = this.model;
    let pending: Token[] = [];
    let context: Token[] = [];
    const emit = (): string => {
      const text = model.detokenize(pending, false, context);
      context = [...context, ...pending].slice(-CONTEXT_TOKENS);
      pending = [];
      return text;
    };
    return {
      push(token: number): string {
        pending.push(token as Token);
        const text = model.detokenize(pending, false, context);
        if (text.endsWith('\uFFFD') && pending.length < MAX_PENDING_TOKENS) return '';
        context = [...context, ...pending].slice(-CONTEXT_TOKENS);
        pending = [];
        return text;
      },
      flush(): string {
        return pending.length === 0 ? '' : emit();
      },
    };
  }
}
