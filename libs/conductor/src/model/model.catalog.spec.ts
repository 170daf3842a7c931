import { type GgufValue, gguf, readGguf, writeGguf } from '@tsukimi/gguf';
import { byteLevelVocabulary, ggufTokenizer, tinyModelWithVocabulary } from '@tsukimi/gguf-tokenizer';
import { byteVocabMetadata } from '@tsukimi/llama-model';
import { err, expectOk, ok, type Result } from '@tsukimi/result';
import { BYTE_TOKENIZER_ID } from './model-language';
import { ModelCatalog } from './model.catalog';

const CHATML = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

/** A model card: the tiny model's byte vocabulary, optionally with a chat template. */
function card(extra: [string, GgufValue][] = []): Uint8Array {
  return expectOk(writeGguf({ metadata: new Map([['general.name', gguf.str('card-test')], ...byteVocabMetadata(), ...extra]), tensors: [] }), 'card');
}

const fetchOf = (result: Result<Uint8Array, string>) => {
  const calls = { count: 0 };
  return { calls, fetch: async () => (calls.count++, result) };
};

describe('ModelCatalog', () => {
  it('knows the byte vocabulary without a card', () => {
    const catalog = new ModelCatalog();
    expect(catalog.language(BYTE_TOKENIZER_ID)?.completionTokens('Hi')).toEqual([72, 105]);
    expect(catalog.wants(BYTE_TOKENIZER_ID)).toBe(false);
  });

  it('learns a vocabulary from a card once, however many callers ask at the same time', async () => {
    const catalog = new ModelCatalog();
    const { calls, fetch } = fetchOf(ok(card()));
    const [a, b] = await Promise.all([catalog.learn('v1', fetch), catalog.learn('v1', fetch)]);
    expect(calls.count).toBe(1);
    expect(expectOk(a, 'a')).toBe(expectOk(b, 'b'));
    expect(catalog.language('v1')?.completionTokens('Hi')).toEqual([72, 105]);
    expect(catalog.wants('v1')).toBe(false);
  });

  it('renders chat with the card\'s template, its control text tokenized as the vocabulary does', async () => {
    const catalog = new ModelCatalog();
    const language = expectOk(await catalog.learn('chatml', fetchOf(ok(card([['tokenizer.chat_template', gguf.str(CHATML)]]))).fetch), 'learn');
    const tokens = language.chatTokens([{ role: 'user', content: 'Hi' }]);
    expect(Buffer.from(tokens).toString('latin1')).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('tries a failed fetch again later, but not a card that cannot be used', async () => {
    const catalog = new ModelCatalog();
    expect((await catalog.learn('v2', fetchOf(err('unreachable')).fetch)).ok).toBe(false);
    expect(catalog.wants('v2')).toBe(true);
    const bad = await catalog.learn('v3', fetchOf(ok(Uint8Array.of(1, 2, 3))).fetch);
    expect(bad.ok ? 'ok' : bad.error).toMatch(/not a GGUF file/);
    expect(catalog.wants('v3')).toBe(false);
    expect(catalog.failure('v3')).toMatch(/not a GGUF file/);
  });

  it('renders a real vocabulary\'s chat template with control tokens as tokens, and ends turns at every end-of-generation token but EOS', async () => {
    const model = expectOk(readGguf(tinyModelWithVocabulary([...byteLevelVocabulary({ pre: 'qwen2' }), ['tokenizer.chat_template', gguf.str(CHATML)]])), 'model');
    const metadata = new Map([...model.metadata].filter(([key]) => key.startsWith('tokenizer.') || key.startsWith('general.')));
    const language = expectOk(await new ModelCatalog().learn('qwen-like', fetchOf(ok(expectOk(writeGguf({ metadata, tensors: [] }), 'card'))).fetch), 'learn');
    const tokens = language.chatTokens([{ role: 'user', content: 'Hi' }]);
    const imStart = language.tokenizer.encode('<|im_start|>', { parseSpecial: true });
    expect(imStart).toHaveLength(1);
    expect(tokens[0]).toBe(imStart[0]);
    expect(tokens.filter((t) => t === imStart[0])).toHaveLength(2);
    const vocabulary = expectOk(ggufTokenizer(metadata), 'vocabulary');
    expect(language.endOfGeneration.length).toBeGreaterThan(0);
    expect(language.endOfGeneration).toEqual([...vocabulary.endOfGeneration].filter((t) => t !== vocabulary.eosToken));
  });
});
