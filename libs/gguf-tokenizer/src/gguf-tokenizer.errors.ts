import { type MetadataError } from '@tsukimi/gguf';

/** Why a GGUF's tokenizer or chat template cannot be built; each names what it refuses. */
export type GgufTokenizerError =
  | MetadataError
  | { readonly kind: 'unsupported-tokenizer-model'; readonly model: string; readonly supported: readonly string[]; readonly message: string }
  | { readonly kind: 'unsupported-pre-tokenizer'; readonly pre: string; readonly supported: readonly string[]; readonly message: string }
  | { readonly kind: 'invalid-vocabulary'; readonly key: string; readonly message: string }
  | { readonly kind: 'missing-special-token'; readonly key: string; readonly message: string };

export type ChatTemplateError =
  | MetadataError
  | { readonly kind: 'invalid-template'; readonly message: string }
  | { readonly kind: 'template-render-failed'; readonly message: string };

/**
 * Thrown by `ChatTemplate.render`, whose port returns text: a template may refuse a
 * conversation (`raise_exception`). Use `tryRender` to get the refusal as a value instead.
 */
export class ChatTemplateRenderError extends Error {
  override readonly name = 'ChatTemplateRenderError';
  readonly code = 'template-render-failed';

  constructor(
    readonly templateName: string,
    options: { cause: unknown },
  ) {
    super(`chat template ${templateName} failed to render: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}
