import { type Tokenizer } from '@tsukimi/engine';
import { type ChatMessage } from '../request/request.model';

/** Turns chat messages into the prompt a model was trained to continue. */
export interface ChatTemplate {
  /** Stable, versioned name; a change of rendering gets a new name, since cached prefixes depend on it. */
  readonly name: string;
  /** Whether the token form starts with the tokenizer's BOS token. */
  readonly addBos: boolean;
  /**
   * Stop sequences the server adds to every request using this template (e.g. an end-of-turn
   * marker, so the model stops before writing the next turn itself).
   */
  readonly defaultStop: readonly string[];
  /** The prompt text, ending with the cue for the assistant's reply. */
  render(messages: readonly ChatMessage[]): string;
}

/**
 * The tiny byte-level model's template: for each message `<|role|>\n` + content + `\n`,
 * then `<|assistant|>\n`, after BOS. No default stop: the tiny model's output is random, so
 * stopping at `\n<|user|>` would only cut it short at random.
 */
export const TSUKIMI_TINY_V1: ChatTemplate = {
  name: 'tsukimi-tiny-v1',
  addBos: true,
  defaultStop: [],
  render(messages) {
    const turns = messages.map((m) => `<|${m.role}|>\n${m.content}\n`).join('');
    return `${turns}<|assistant|>\n`;
  },
};

/** The text form of a chat prompt (BOS is a token, not text, so it is not shown here). */
export function renderChatText(messages: readonly ChatMessage[], template: ChatTemplate = TSUKIMI_TINY_V1): string {
  return template.render(messages);
}

/** The token ids of a chat prompt: BOS when the template asks for it, then the encoded text. */
export function renderChatPrompt(
  messages: readonly ChatMessage[],
  tokenizer: Tokenizer,
  template: ChatTemplate = TSUKIMI_TINY_V1,
): number[] {
  const tokens = tokenizer.encode(template.render(messages));
  return template.addBos ? [tokenizer.bosToken, ...tokens] : tokens;
}
