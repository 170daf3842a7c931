import { err, ok, type Result } from '@tsukimi/result';
import { BYTE_TOKENIZER_ID, byteLanguage, languageFromCard, type ModelLanguage } from './model-language';

/** Fetches an instance's model card: its GGUF's general and tokenizer metadata. */
export type ModelCardFetcher = () => Promise<Result<Uint8Array, string>>;

/**
 * The languages of the models the cluster serves, by the tokenizer id instances report. The
 * byte vocabulary is built in; any other is learnt once from the model card of an instance that
 * reports it, so the conductor never needs a model file of its own.
 */
export class ModelCatalog {
  private readonly languages = new Map<string, ModelLanguage>([[BYTE_TOKENIZER_ID, byteLanguage()]]);
  private readonly learning = new Map<string, Promise<Result<ModelLanguage, string>>>();
  private readonly failures = new Map<string, string>();

  /** The language of `tokenizerId`, once known. */
  language(tokenizerId: string): ModelLanguage | undefined {
    return this.languages.get(tokenizerId);
  }

  /** Why the language of `tokenizerId` cannot be learnt from its card, if it cannot. */
  failure(tokenizerId: string): string | undefined {
    return this.failures.get(tokenizerId);
  }

  /** Whether a card should be fetched: the language is unknown, no fetch is under way, and no card was refused. */
  wants(tokenizerId: string): boolean {
    return !this.languages.has(tokenizerId) && !this.learning.has(tokenizerId) && !this.failures.has(tokenizerId);
  }

  /** Learns `tokenizerId` from a card unless it is known or being learnt; concurrent callers share one fetch. */
  learn(tokenizerId: string, fetchCard: ModelCardFetcher): Promise<Result<ModelLanguage, string>> {
    const known = this.languages.get(tokenizerId);
    if (known) return Promise.resolve(ok(known));
    let pending = this.learning.get(tokenizerId);
    if (!pending) {
      pending = fetchCard().then((card) => {
        this.learning.delete(tokenizerId);
        // A fetch that failed is tried again later; a card that arrived but cannot be used is final.
        if (!card.ok) return err(`cannot fetch the model card: ${card.error}`);
        const language = languageFromCard(card.value);
        if (language.ok) this.languages.set(tokenizerId, language.value);
        else this.failures.set(tokenizerId, language.error);
        return language;
      });
      this.learning.set(tokenizerId, pending);
    }
    return pending;
  }
}
