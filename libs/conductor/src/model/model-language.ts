import { ByteTokenizer, type ChatTemplate, type ChatTemplateMessage, renderChatPrompt, type Tokenizer, TSUKIMI_TINY_V1 } from '@tsukimi/engine';
import { readGguf } from '@tsukimi/gguf';
import { ggufChatTemplate, ggufTokenizer } from '@tsukimi/gguf-tokenizer';
import { err, ok, type Result } from '@tsukimi/result';

/** The tokenizer id of the byte-level vocabulary the tiny model uses; the conductor knows it without a card. */
export const BYTE_TOKENIZER_ID = 'tsukimi-bytes-v1';

/** How one model's prompts become tokens: the conductor tokenizes, so block keys are known before routing. */
export interface ModelLanguage {
  readonly tokenizer: Tokenizer;
  readonly chatTemplate: ChatTemplate;
  /**
   * Tokens besides EOS that end a turn (`<|eot_id|>`, `<|im_end|>`): generation stops at them
   * unless the request ignores EOS, as llama.cpp stops at every end-of-generation token.
   */
  readonly endOfGeneration: readonly number[];
  /** A completion prompt's tokens: BOS first where the vocabulary asks for it, the text as the user wrote it. */
  completionTokens(text: string): number[];
  /** A chat prompt's tokens, rendered by the model's template with its control tokens parsed. */
  chatTokens(messages: readonly ChatTemplateMessage[]): number[];
}

/** The tiny model's language: bytes, no BOS on completions, the tsukimi-tiny-v1 template. */
export function byteLanguage(): ModelLanguage {
  const tokenizer = new ByteTokenizer();
  return {
    tokenizer,
    chatTemplate: TSUKIMI_TINY_V1,
    endOfGeneration: [],
    completionTokens: (text) => tokenizer.encode(text),
    chatTokens: (messages) => renderChatPrompt(messages, tokenizer, TSUKIMI_TINY_V1),
  };
}

/**
 * A model's language from its model card (its GGUF's tokenizer and general metadata): the
 * vocabulary's own tokenizer, and its chat template, or tsukimi-tiny-v1 where it has none.
 * Completion prompts get BOS as llama.cpp's server adds it (`add_bos_token`).
 */
export function languageFromCard(card: Uint8Array): Result<ModelLanguage, string> {
  const file = readGguf(card);
  if (!file.ok) return err(`the model card is not a GGUF file: ${file.error.message}`);
  const tokenizer = ggufTokenizer(file.value.metadata);
  if (!tokenizer.ok) return err(`the model's tokenizer is not supported: ${tokenizer.error.message}`);
  const vocabulary = tokenizer.value;
  const template = ggufChatTemplate(file.value.metadata);
  if (!template.ok && template.error.kind !== 'missing-key') return err(`the model's chat template cannot be used: ${template.error.message}`);
  const chatTemplate: ChatTemplate = template.ok ? template.value : TSUKIMI_TINY_V1;
  return ok({
    tokenizer: vocabulary,
    chatTemplate,
    endOfGeneration: [...vocabulary.endOfGeneration].filter((token) => token !== vocabulary.eosToken),
    completionTokens: (text) => (vocabulary.addBos ? [vocabulary.bosToken, ...vocabulary.encode(text)] : vocabulary.encode(text)),
    chatTokens: (messages) => renderChatPrompt(messages, vocabulary, chatTemplate),
  });
}
