import { ByteTokenizer } from '@tsukimi/engine';
import { gguf, type GgufValue, readGguf } from '@tsukimi/gguf';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { ggufTokenizer } from './gguf.tokenizer';
import { byteLevelVocabulary, FIXTURE_CORPUS, spmVocabulary } from './testing/vocabulary.fixture';
import { vocabularyMetadata } from './testing/tokenizer-model.fixture';

const build = (entries: [string, GgufValue][]) => expectOk(ggufTokenizer(vocabularyMetadata(entries)), 'tokenizer');
const withEntry = (entries: [string, GgufValue][], key: string, value: GgufValue | undefined): [string, GgufValue][] => {
  const map = new Map(entries);
  if (value === undefined) map.delete(key);
  else map.set(key, value);
  return [...map];
};

const QWEN = build(byteLevelVocabulary({ pre: 'qwen2' }));
const LLAMA3 = build(byteLevelVocabulary({ pre: 'llama-bpe' }));
const SPM = build(spmVocabulary());
const NAMED_TEXTS: readonly [string, string][] = [
  ['prose', FIXTURE_CORPUS],
  ['whitespace', 'a  b\n\n\tc'],
  ['unicode and emoji', '月見 お月見団子 🌕👨‍👩‍👧'],
  ['contractions, digits, symbols', "don't 12345 $+<=>"],
  ['a leading BOM', '\ufeffbom'],
  ['nothing', ''],
];
const TEXTS = NAMED_TEXTS.map(([, text]) => text);
const id = (tokenizer: typeof QWEN, text: string) => {
  for (let t = 0; t < tokenizer.vocabSize; t++) if (tokenizer.tokenText(t) === text) return t;
  throw new Error(`no token ${text}`);
};

describe('ggufTokenizer', () => {
  it.each(NAMED_TEXTS)('decodes a byte-level encoding of %s back to the text', (_name, text) => {
    expect(QWEN.decode(QWEN.encode(text))).toBe(text);
    expect(LLAMA3.decode(LLAMA3.encode(text))).toBe(text);
  });

  it.each(NAMED_TEXTS.filter(([, t]) => t !== ''))('decodes a SentencePiece encoding of %s to the text after the added space', (_name, text) => {
    expect(SPM.decode(SPM.encode(text))).toBe(` ${text}`);
  });

  it('encodes the tiny model byte vocabulary exactly as the byte tokenizer does', () => {
    const tiny = expectOk(ggufTokenizer(expectOk(readGguf(generateTinyModel()), 'tiny').metadata), 'tiny tokenizer');
    const bytes = new ByteTokenizer();
    for (const text of TEXTS) expect(tiny.encode(text)).toEqual(bytes.encode(text));
    expect([tiny.bosToken, tiny.eosToken, tiny.padToken, tiny.vocabSize]).toEqual([bytes.bosToken, bytes.eosToken, bytes.padToken, bytes.vocabSize]);
  });

  it('matches control tokens written in the text only with parseSpecial, user-defined ones always', () => {
    const start = id(QWEN, '<|im_start|>');
    const call = id(QWEN, '<tool_call>');
    expect(QWEN.encode('<|im_start|>')).not.toContain(start);
    expect(QWEN.encode('<|im_start|>', { parseSpecial: true })).toEqual([start]);
    expect(QWEN.encode('<tool_call>')).toEqual([call]);
  });

  it('treats a marker typed as normal text as control when llama.cpp knows it by name', () => {
    const fim = id(QWEN, '<|fim_prefix|>');
    expect(QWEN.encode('<|fim_prefix|>', { parseSpecial: true })).toEqual([fim]);
    expect(QWEN.tokenBytes(fim)).toEqual(new Uint8Array());
  });

  it('puts the SentencePiece space after a special token', () => {
    const start = id(SPM, '<|im_start|>');
    expect(SPM.encode('<|im_start|>moon', { parseSpecial: true })).toEqual([start, ...SPM.encode('moon')]);
    expect(SPM.tokenText(SPM.encode('moon')[0]!)?.startsWith('▁')).toBe(true);
  });

  it.each([
    ['a control token', QWEN, '<|im_end|>', ''],
    ['a byte-level token', QWEN, 'Ġmoon', ' moon'],
    ['a user-defined token', QWEN, '<tool_call>', '<tool_call>'],
    ['a SentencePiece piece', SPM, '▁moon', ' moon'],
    ['a byte token', SPM, '<0x0A>', '\n'],
    ['the unknown token', SPM, '<unk>', ''],
  ])('gives the bytes of %s', (_name, tokenizer, text, expected) => {
    expect(Buffer.from(tokenizer.tokenBytes(id(tokenizer, text))).toString('utf8')).toBe(expected);
  });

  it('gives no bytes for ids outside the vocabulary', () => {
    expect(QWEN.tokenBytes(-1)).toEqual(new Uint8Array());
    expect(QWEN.tokenBytes(QWEN.vocabSize)).toEqual(new Uint8Array());
    expect(QWEN.decode([QWEN.vocabSize, 1.5])).toBe('');
  });

  it('streams multi-byte characters only once complete', () => {
    const tokens = SPM.encode('a🌕');
    const decoder = SPM.streamDecoder();
    const pieces = tokens.map((t) => decoder.push(t));
    expect(pieces.join('') + decoder.flush()).toBe(' a🌕');
    expect(pieces.slice(-4)).toEqual(['', '', '', '🌕']);
  });

  it('replaces an unfinished character with U+FFFD on flush', () => {
    const decoder = SPM.streamDecoder();
    expect(decoder.push(id(SPM, '<0xF0>'))).toBe('');
    expect(decoder.flush()).toBe('\ufffd');
  });

  it('reads BOS, EOS, PAD, add-BOS and end-of-generation tokens', () => {
    expect([QWEN.bosToken, QWEN.eosToken, QWEN.padToken]).toEqual([id(QWEN, '<|begin_of_text|>'), id(QWEN, '<|im_end|>'), id(QWEN, '<|endoftext|>')]);
    expect([QWEN.addBos, LLAMA3.addBos, SPM.addBos]).toEqual([false, true, true]);
    expect([...QWEN.endOfGeneration].sort()).toEqual([id(QWEN, '<|endoftext|>'), id(QWEN, '<|im_end|>')].sort());
    const noPad = build(withEntry(byteLevelVocabulary({ pre: 'qwen2' }), 'tokenizer.ggml.padding_token_id', undefined));
    expect(noPad.padToken).toBe(noPad.eosToken);
  });

  it('has a stable id that changes with anything that changes tokenization', () => {
    const base = byteLevelVocabulary({ pre: 'qwen2' });
    expect(build(base).id).toBe(QWEN.id);
    expect(QWEN.id).toMatch(/^gguf-gpt2-qwen2-[0-9a-f]{16}$/);
    const variants = [
      build(byteLevelVocabulary({ pre: 'gpt-2' })),
      build(byteLevelVocabulary({ pre: 'qwen2', merges: 100 })),
      build(withEntry(base, 'tokenizer.ggml.eos_token_id', gguf.u32(0))),
    ];
    for (const variant of variants) expect(variant.id).not.toBe(QWEN.id);
  });

  it.each([
    ['an unsupported tokenizer model', 'tokenizer.ggml.model', gguf.str('bert'), 'unsupported-tokenizer-model', /'bert'/],
    ['an unsupported pre-tokenizer', 'tokenizer.ggml.pre', gguf.str('deepseek-coder'), 'unsupported-pre-tokenizer', /'deepseek-coder'/],
    ['a missing token list', 'tokenizer.ggml.tokens', undefined, 'missing-key', /tokenizer\.ggml\.tokens/],
    ['a short token type list', 'tokenizer.ggml.token_type', gguf.arr(5, [1]), 'invalid-vocabulary', /1 entries/],
    ['a non-boolean add_bos_token', 'tokenizer.ggml.add_bos_token', gguf.u8(1), 'wrong-type', /add_bos_token/],
  ] as const)('refuses %s with a typed error naming it', (_name, key, value, kind, message) => {
    const result = ggufTokenizer(vocabularyMetadata(withEntry(byteLevelVocabulary({ pre: 'qwen2' }), key, value)));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe(kind);
      expect(result.error.message).toMatch(message);
    }
  });
});
