import { type ChatTemplateMessage } from '@tsukimi/engine';
import { gguf, type GgufValue } from '@tsukimi/gguf';
import { ChatTemplateRenderError } from '../gguf-tokenizer.errors';
import { ggufTokenizer } from '../gguf.tokenizer';
import { CHAT_TEMPLATES } from '../testing/chat-templates.fixture';
import { vocabularyMetadata } from '../testing/tokenizer-model.fixture';
import { byteLevelVocabulary, spmVocabulary } from '../testing/vocabulary.fixture';
import { CHAT_TEMPLATE_KEY, ggufChatTemplate } from './gguf-chat.template';

const CONVERSATION: readonly ChatTemplateMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is tsukimi?' },
  { role: 'assistant', content: 'Moon viewing.' },
  { role: 'user', content: ' When? ' },
];

const meta = (vocabulary: [string, GgufValue][], template: string | undefined) =>
  vocabularyMetadata(template === undefined ? vocabulary : [...vocabulary, [CHAT_TEMPLATE_KEY, gguf.str(template)]]);
const template = (vocabulary: [string, GgufValue][], text: string) => {
  const result = ggufChatTemplate(meta(vocabulary, text));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('ggufChatTemplate', () => {
  it('renders ChatML with the generation prompt', () => {
    const chatml = template(byteLevelVocabulary({ pre: 'qwen2' }), CHAT_TEMPLATES.chatml);
    expect(chatml.render(CONVERSATION.slice(1, 2))).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is tsukimi?<|im_end|>\n<|im_start|>assistant\n',
    );
    expect(chatml.addBos).toBe(false);
    expect(chatml.defaultStop).toEqual([]);
  });

  it('renders Llama 3 with the BOS text it writes itself, so no BOS token is added', () => {
    const llama3 = template(byteLevelVocabulary({ pre: 'llama-bpe' }), CHAT_TEMPLATES.llama3);
    expect(llama3.render(CONVERSATION)).toBe(
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nWhat is tsukimi?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\nMoon viewing.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nWhen?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(llama3.addBos).toBe(false);
  });

  it('asks for a BOS token where the vocabulary adds one and the template does not write it', () => {
    expect(template(spmVocabulary(), CHAT_TEMPLATES.gemma).addBos).toBe(true);
    expect(template(spmVocabulary(), CHAT_TEMPLATES.mistral).addBos).toBe(false);
  });

  it('renders a prompt whose special tokens encode as tokens with parseSpecial', () => {
    const vocabulary = byteLevelVocabulary({ pre: 'qwen2' });
    const tokenizer = ggufTokenizer(vocabularyMetadata(vocabulary));
    if (!tokenizer.ok) throw new Error(tokenizer.error.message);
    const text = template(vocabulary, CHAT_TEMPLATES.chatml).render(CONVERSATION.slice(1, 2));
    const tokens = tokenizer.value.encode(text, { parseSpecial: true });
    const start = tokens[0]!;
    expect(tokenizer.value.tokenText(start)).toBe('<|im_start|>');
    expect(tokens.filter((t) => t === start)).toHaveLength(3);
  });

  it('names a template by its text', () => {
    const vocabulary = byteLevelVocabulary({ pre: 'qwen2' });
    const chatml = template(vocabulary, CHAT_TEMPLATES.chatml);
    expect(chatml.name).toMatch(/^gguf-chat-[0-9a-f]{16}$/);
    expect(template(vocabulary, CHAT_TEMPLATES.chatml).name).toBe(chatml.name);
    expect(template(vocabulary, `${CHAT_TEMPLATES.chatml} `).name).not.toBe(chatml.name);
  });

  it("returns a template's refusal from tryRender and throws it from render", () => {
    const mistral = template(spmVocabulary(), CHAT_TEMPLATES.mistral);
    expect(mistral.render(CONVERSATION.slice(1, 3))).toBe('<s>[INST] What is tsukimi? [/INST]Moon viewing.</s>');
    const refused = mistral.tryRender(CONVERSATION);
    expect(refused).toEqual({ ok: false, error: { kind: 'template-render-failed', message: expect.stringMatching(/must alternate/) } });
    expect(() => mistral.render(CONVERSATION)).toThrow(ChatTemplateRenderError);
  });

  it.each([
    ['no template', undefined, 'missing-key'],
    ['a template that does not parse', '{% for m in messages %}', 'invalid-template'],
    ['a template that cannot render one user message', "{{ raise_exception('no') }}", 'template-render-failed'],
  ])('refuses %s', (_name, text, kind) => {
    const result = ggufChatTemplate(meta(byteLevelVocabulary({ pre: 'qwen2' }), text));
    expect(result.ok ? undefined : result.error.kind).toBe(kind);
  });
});
