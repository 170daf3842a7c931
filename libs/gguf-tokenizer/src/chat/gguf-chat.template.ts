import { createHash } from 'node:crypto';
import { Template } from '@huggingface/jinja';
import { type ChatTemplate, type ChatTemplateMessage } from '@tsukimi/engine';
import { getString, type GgufMetadata } from '@tsukimi/gguf';
import { err, ok, type Result } from '@tsukimi/result';
import { type ChatTemplateError, ChatTemplateRenderError } from '../gguf-tokenizer.errors';
import { readTemplateTokens, type TemplateTokens } from '../vocab/template-tokens.reader';

export const CHAT_TEMPLATE_KEY = 'tokenizer.chat_template';

/** A one-message conversation: every chat template renders it, so it shows where BOS goes. */
const PROBE: readonly ChatTemplateMessage[] = [{ role: 'user', content: 'Hello' }];

/**
 * A GGUF's own chat template (`tokenizer.chat_template`, Jinja), rendered with
 * `add_generation_prompt`, `bos_token` and `eos_token` as llama.cpp's server passes them.
 * Special tokens appear in the text, so encode the result with `parseSpecial`.
 */
export class GgufChatTemplate implements ChatTemplate {
  readonly name: string;
  /** True when the vocabulary adds BOS and the template does not already write it. */
  readonly addBos: boolean;
  /** None: end-of-turn markers are control tokens, which never appear in generated text; EOS ends the turn. */
  readonly defaultStop: readonly string[] = [];

  private constructor(
    private readonly template: Template,
    private readonly tokens: TemplateTokens,
    source: string,
    probe: string,
  ) {
    this.name = `gguf-chat-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
    this.addBos = tokens.addBos && tokens.bosText !== '' && !probe.includes(tokens.bosText);
  }

  static fromMetadata(meta: GgufMetadata): Result<GgufChatTemplate, ChatTemplateError> {
    const source = getString(meta, CHAT_TEMPLATE_KEY);
    if (!source.ok) return source;
    const tokens = readTemplateTokens(meta);
    if (!tokens.ok) return tokens;
    let template: Template;
    try {
      template = new Template(source.value);
    } catch (cause) {
      return err({ kind: 'invalid-template', message: `${CHAT_TEMPLATE_KEY} does not parse: ${messageOf(cause)}` });
    }
    const probe = renderWith(template, tokens.value, PROBE);
    if (!probe.ok) return probe;
    return ok(new GgufChatTemplate(template, tokens.value, source.value, probe.value));
  }

  /** The prompt text, or the template's refusal (`raise_exception`) as a value. */
  tryRender(messages: readonly ChatTemplateMessage[]): Result<string, ChatTemplateError> {
    return renderWith(this.template, this.tokens, messages);
  }

  /** The prompt text; throws `ChatTemplateRenderError` where the template refuses the conversation. */
  render(messages: readonly ChatTemplateMessage[]): string {
    const rendered = this.tryRender(messages);
    if (!rendered.ok) throw new ChatTemplateRenderError(this.name, { cause: new Error(rendered.error.message) });
    return rendered.value;
  }
}

function renderWith(template: Template, tokens: TemplateTokens, messages: readonly ChatTemplateMessage[]): Result<string, ChatTemplateError> {
  try {
    const plain = messages.map(({ role, content, name }) => (name === undefined ? { role, content } : { role, content, name }));
    return ok(template.render({ messages: plain, add_generation_prompt: true, bos_token: tokens.bosText, eos_token: tokens.eosText }));
  } catch (cause) {
    return err({ kind: 'template-render-failed', message: messageOf(cause) });
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The chat template of a GGUF, from its `tokenizer.chat_template` and vocabulary metadata. */
export function ggufChatTemplate(meta: GgufMetadata): Result<GgufChatTemplate, ChatTemplateError> {
  return GgufChatTemplate.fromMetadata(meta);
}
