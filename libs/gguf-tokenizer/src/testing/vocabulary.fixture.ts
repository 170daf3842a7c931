import { gguf, GgufType, type GgufValue } from '@tsukimi/gguf';
import { bytesToGpt2, gpt2ByteChar } from '../unicode/gpt2-bytes';
import { utf8Bytes } from '../unicode/utf8';
import { splitMerge, trainMerges } from './bpe.trainer';

/** The text the fixture vocabularies learn their merges from: prose, digits, contractions, code-ish lines, new letters. */
export const FIXTURE_CORPUS = [
  'The moon viewing festival, tsukimi, is held in the autumn when the moon is at its brightest.',
  "People don't just look at the moon: they eat dumplings, they're writing poems, and we've all seen the rabbit in it.",
  'In 2024 the harvest moon rose on 17 September at 18:34, and 1,250 people came to the temple garden.',
  'def moon_phase(day):\n    return (day % 29.53) / 29.53\n\n# the phase of the moon\n',
  "It's the best night of the year, isn't it? The moon, the moon, the moon!",
  // Letters newer than llama.cpp's Unicode tables, so that merges span them and their category matters.
  'moon\u088fmoon moon\u088fmoon moon\u088fmoon moon\u088fmoon',
].join('\n');

/** llama.cpp's token types. */
const TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, byte: 6 } as const;

interface Entry {
  readonly text: string;
  readonly type: number;
  readonly score?: number;
}

/** Special tokens of the byte-level fixtures; `<|fim_prefix|>` is typed normal on purpose: llama.cpp makes it control by name. */
export const BYTE_LEVEL_SPECIALS: readonly Entry[] = [
  { text: '<|endoftext|>', type: TYPE.control },
  { text: '<|begin_of_text|>', type: TYPE.control },
  { text: '<|im_start|>', type: TYPE.control },
  { text: '<|im_end|>', type: TYPE.control },
  { text: '<|reserved_special_token_0|>', type: TYPE.control },
  { text: '<tool_call>', type: TYPE.userDefined },
  { text: '<|fim_prefix|>', type: TYPE.normal },
];

/** Special tokens of the SentencePiece fixtures, after `<unk>`, `<s>`, `</s>` and the 256 byte tokens. */
export const SPM_SPECIALS: readonly Entry[] = [
  { text: '<|endoftext|>', type: TYPE.control },
  { text: '<|im_start|>', type: TYPE.control },
  { text: '<|im_end|>', type: TYPE.control },
  { text: '<|end|>', type: TYPE.normal },
  { text: '<tool_call>', type: TYPE.userDefined },
];

export interface ByteLevelVocabularyOptions {
  /** `tokenizer.ggml.pre`; omitted when undefined. */
  readonly pre: string | undefined;
  readonly merges?: number;
  /** Whole words added as tokens without merges leading to them (Llama 3 takes such words whole). */
  readonly extraWords?: readonly string[];
  readonly addBos?: boolean;
}

const GPT2_WORDS = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** `tokenizer.ggml.*` entries of a byte-level BPE vocabulary (`gpt2` model) with merges trained on the corpus. */
export function byteLevelVocabulary(options: ByteLevelVocabularyOptions): [string, GgufValue][] {
  const words = (FIXTURE_CORPUS.match(GPT2_WORDS) ?? []).map((w) => Array.from(bytesToGpt2(utf8Bytes(w))));
  const merges = trainMerges(words, options.merges ?? 120);
  const entries: Entry[] = [
    ...Array.from({ length: 256 }, (_, b) => ({ text: gpt2ByteChar(b), type: TYPE.normal })),
    ...merges.map((m) => ({ text: splitMerge(m).join(''), type: TYPE.normal })),
    ...(options.extraWords ?? []).map((w) => ({ text: bytesToGpt2(utf8Bytes(w)), type: TYPE.normal })),
    ...BYTE_LEVEL_SPECIALS,
  ];
  const id = (text: string) => entries.findIndex((e) => e.text === text);
  return [
    ['tokenizer.ggml.model', gguf.str('gpt2')],
    ...(options.pre === undefined ? [] : ([['tokenizer.ggml.pre', gguf.str(options.pre)]] as [string, GgufValue][])),
    ['tokenizer.ggml.tokens', gguf.arr(GgufType.STRING, entries.map((e) => e.text))],
    ['tokenizer.ggml.token_type', gguf.arr(GgufType.INT32, entries.map((e) => e.type))],
    ['tokenizer.ggml.merges', gguf.arr(GgufType.STRING, merges)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(id('<|begin_of_text|>'))],
    ['tokenizer.ggml.eos_token_id', gguf.u32(id('<|im_end|>'))],
    ['tokenizer.ggml.padding_token_id', gguf.u32(id('<|endoftext|>'))],
    ...(options.addBos === undefined ? [] : ([['tokenizer.ggml.add_bos_token', gguf.bool(options.addBos)]] as [string, GgufValue][])),
  ];
}

export interface SpmVocabularyOptions {
  readonly merges?: number;
  readonly addSpacePrefix?: boolean;
  /** `general.name`; llama.cpp gives Phi-3 models right-stripping special tokens. */
  readonly modelName?: string;
}

/**
 * `tokenizer.ggml.*` entries of a SentencePiece BPE vocabulary (`llama` model): `<unk>`, `<s>`,
 * `</s>`, the 256 `<0xNN>` byte tokens, the corpus's characters and trained merges scored by
 * merge order (as SentencePiece BPE scores them), then the fixture's special tokens.
 */
export function spmVocabulary(options: SpmVocabularyOptions = {}): [string, GgufValue][] {
  const words = FIXTURE_CORPUS.split(/(?= )|\n/).map((w) => Array.from(w.replaceAll(' ', '\u2581')));
  const merges = trainMerges(words, options.merges ?? 150);
  const chars = [...new Set(Array.from(FIXTURE_CORPUS.replaceAll(' ', '\u2581').replaceAll('\n', '')))].sort();
  const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
  const entries: Entry[] = [
    { text: '<unk>', type: TYPE.unknown, score: 0 },
    { text: '<s>', type: TYPE.control, score: 0 },
    { text: '</s>', type: TYPE.control, score: 0 },
    ...Array.from({ length: 256 }, (_, b) => ({ text: `<0x${hex(b)}>`, type: TYPE.byte, score: 0 })),
    ...merges.map((m, rank) => ({ text: splitMerge(m).join(''), type: TYPE.normal, score: -rank })),
    ...chars.map((c, i) => ({ text: c, type: TYPE.normal, score: -merges.length - i })),
    ...SPM_SPECIALS.map((e) => ({ ...e, score: 0 })),
  ];
  const unique = entries.filter((e, i) => entries.findIndex((o) => o.text === e.text) === i);
  return [
    ...(options.modelName === undefined ? [] : ([['general.name', gguf.str(options.modelName)]] as [string, GgufValue][])),
    ['tokenizer.ggml.model', gguf.str('llama')],
    ['tokenizer.ggml.tokens', gguf.arr(GgufType.STRING, unique.map((e) => e.text))],
    ['tokenizer.ggml.scores', gguf.arr(GgufType.FLOAT32, unique.map((e) => e.score ?? 0))],
    ['tokenizer.ggml.token_type', gguf.arr(GgufType.INT32, unique.map((e) => e.type))],
    ['tokenizer.ggml.bos_token_id', gguf.u32(1)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(2)],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(0)],
    ...(options.addSpacePrefix === undefined ? [] : ([['tokenizer.ggml.add_space_prefix', gguf.bool(options.addSpacePrefix)]] as [string, GgufValue][])),
  ];
}
