import { type Tokenizer } from '../tokenizer/tokenizer.port';
import { type ChatTemplate, type ChatTemplateMessage } from './chat-template.port';

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
export function renderChatText(messages: readonly ChatTemplateMessage[], template: ChatTemplate = TSUKIMI_TINY_V1): string {
  return template.render(messages);
}

/** The token ids of a chat prompt: BOS when the template asks for it, then the encoded text, its control tokens parsed. */
export function renderChatPrompt(
  messages: readonly ChatTemplateMessage[],
  tokenizer: Tokenizer,
  template: ChatTemplate = TSUKIMI_TINY_V1,
): number[] {
  const tokens = tokenizer.encode(template.render(messages), { parseSpecial: true });
  return template.addBos ? [tokenizer.bosToken, ...tokens] : tokens;
}
