import { ByteTokenizer } from '../tokenizer/byte.tokenizer';
import { type ChatTemplate, type ChatTemplateMessage as ChatMessage } from './chat-template.port';
import { renderChatPrompt, renderChatText, TSUKIMI_TINY_V1 } from './chat-template';

const tokenizer = new ByteTokenizer();

describe('tsukimi-tiny-v1 chat template', () => {
  it.each<[string, ChatMessage[], string]>([
    ['one user turn', [{ role: 'user', content: 'Hi' }], '<|user|>\nHi\n<|assistant|>\n'],
    [
      'a conversation',
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Bye' },
      ],
      '<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\nHello.\n<|user|>\nBye\n<|assistant|>\n',
    ],
    ['a developer turn', [{ role: 'developer', content: 'rules' }], '<|developer|>\nrules\n<|assistant|>\n'],
    ['an empty message', [{ role: 'user', content: '' }], '<|user|>\n\n<|assistant|>\n'],
    ['a name, which it does not render', [{ role: 'user', content: 'x', name: 'ann' }], '<|user|>\nx\n<|assistant|>\n'],
    ['multi-line, non-ASCII content', [{ role: 'user', content: 'a\nb ✓' }], '<|user|>\na\nb ✓\n<|assistant|>\n'],
  ])('renders %s', (_name, messages, text) => {
    expect(renderChatText(messages)).toBe(text);
    expect(renderChatPrompt(messages, tokenizer)).toEqual([tokenizer.bosToken, ...Buffer.from(text, 'utf8')]);
  });

  it('is versioned by name and adds no stop sequence', () => {
    expect(TSUKIMI_TINY_V1.name).toBe('tsukimi-tiny-v1');
    expect(TSUKIMI_TINY_V1.defaultStop).toEqual([]);
  });

  it('leaves BOS out for a template that does not ask for it', () => {
    const plain: ChatTemplate = { name: 'plain', addBos: false, defaultStop: ['\n'], render: (m) => m.map((x) => x.content).join('') };
    expect(renderChatPrompt([{ role: 'user', content: 'ab' }], tokenizer, plain)).toEqual([97, 98]);
  });
});
