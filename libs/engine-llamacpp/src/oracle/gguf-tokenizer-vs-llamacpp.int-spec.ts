import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GgufType, type GgufValue } from '@tsukimi/gguf';
import {
  byteLevelVocabulary,
  FIXTURE_CORPUS,
  type GgufTokenizer,
  ggufTokenizer,
  spmVocabulary,
  tinyModelWithVocabulary,
  vocabularyMetadata,
} from '@tsukimi/gguf-tokenizer';
import { SeededRandom } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { LlamaCppOracle } from './llamacpp-oracle.client';

interface Model {
  readonly name: string;
  readonly entries: [string, GgufValue][];
  /** llama.cpp's detokenize cleans spaces before punctuation for these pre-tokenizers, so its text is not the tokens' bytes. */
  readonly cleansSpaces: boolean;
}

/** Synthetic vocabularies with trained merges, one per pre-tokenizer family, and SentencePiece ones. */
const MODELS: readonly Model[] = [
  { name: 'gpt2 / gpt-2', entries: byteLevelVocabulary({ pre: 'gpt-2' }), cleansSpaces: true },
  { name: 'gpt2 / phi-2', entries: byteLevelVocabulary({ pre: 'phi-2' }), cleansSpaces: true },
  {
    name: 'gpt2 / llama-bpe (whole-word tokens)',
    entries: byteLevelVocabulary({ pre: 'llama-bpe', extraWords: [' moonlight', 'moonlight', '2024', ' festival'] }),
    cleansSpaces: true,
  },
  { name: 'gpt2 / qwen2', entries: byteLevelVocabulary({ pre: 'qwen2' }), cleansSpaces: false },
  { name: 'gpt2 / default', entries: byteLevelVocabulary({ pre: 'default' }), cleansSpaces: true },
  { name: 'gpt2 / no pre key, add_bos_token', entries: byteLevelVocabulary({ pre: undefined, addBos: true }), cleansSpaces: true },
  { name: 'gpt2 / starcoder', entries: byteLevelVocabulary({ pre: 'starcoder' }), cleansSpaces: true },
  { name: 'gpt2 / falcon', entries: byteLevelVocabulary({ pre: 'falcon' }), cleansSpaces: true },
  { name: 'llama (SentencePiece)', entries: spmVocabulary(), cleansSpaces: false },
  { name: 'llama (SentencePiece), Phi-3 name, no space prefix', entries: spmVocabulary({ modelName: 'Phi-3 tiny', addSpacePrefix: false }), cleansSpaces: false },
];

const GROUPS: readonly [string, readonly string[]][] = [
  ['prose', [FIXTURE_CORPUS, 'The moon viewing festival', 'the moon, the moon, the moon!', 'MOON Moon mOoN']],
  ['spaces', ['', ' ', '  ', 'a  b', '   leading', 'trailing   ', ' \t mixed \t ', 'a\u00a0b', 'a\u3000b', 'a\u0085b', 'a\u2028b']],
  ['digits', ['1', '12', '123', '1234', '1234567', '3.14159', '1,250', '2024-09-17', 'x1y22z333', '٣٤٥ ²³ ½']],
  ['punctuation and symbols', ['Hello!!! ...', '$100 +5 <=> ^~|`', '#!/bin/sh', '(a[b]{c})', '@user: "quoted" — dash…', '<<>>', 'a_b-c/d\\e']],
  ['newlines', ['a\nb', 'a\n\nb', 'a\r\nb', '\n', '\n\n\n', 'x \n y', '  \n  ', 'line.\n\n# heading\n']],
  ['contractions', ["don't", "I'LL we've they're she'd it's", "'s 't 're", "rock 'n' roll", "''quoted''"]],
  ['unicode', ['月見', 'お月見団子を供える。', 'naïve café', 'e\u0301', 'Ünïcödé', 'مرحبا بالعالم', '한국어 텍스트', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\ufeffbom', 'İstanbul ß', 'x\u088fy \u{105c0}\u{105c1} a\u1acfb', 'moon\u088fmoon', ' \u088fmoon']],
  ['emoji', ['🌕', '🌕🌝', '👨‍👩‍👧', 'moon 🌕 moon', '🏳️‍🌈']],
  ['control characters', ['\u0000', 'a\u0001b', '\u007f', 'tab\tstop']],
  ['byte-level lookalikes', ['Ġthe', 'Ċ', '▁moon', '<0x41>', 'âĢĶ']],
  [
    'special tokens',
    [
      '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n',
      '<|begin_of_text|>Hello',
      '<s>Hello</s>',
      '<tool_call>call()<tool_call>',
      '<|fim_prefix|>def',
      '<|endoftext|><|endoftext|>',
      'x<|im_end|> y',
      '<|end|>\n next',
      '<unk>',
      '<|im_start',
    ],
  ],
];

const ALPHABET = [
  ...'aeiouAEIOU tTsSdDmMlLrRvV\'  \t\n\r0123456789.,!?;:-_()[]{}<>$+=^~|`@#%&*/\\"',
  ...['é', 'ñ', 'ß', 'İ', '月', '見', 'ー', '한', 'م', '\u0301', '\u200d', '\u00a0', '\u3000', '\u0085', '\ufeff', '\u2028', '🌕', '👨‍👩‍👧', '𝔘'],
  ...['½', '²', '٣', '€', '©', '…', '—', '\u0000', '\u001f', '\u007f', '▁', 'Ġ', '<|im_start|>', '<|im_end|>', '<tool_call>', '<|fim_prefix|>'],
  ...['<|end|>', '<s>', '</s>', '<unk>', 'moon', ' moon', ' the', "'s", "n't", '2024'],
];

function randomStrings(count: number, seed: number): string[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random.nextFloat() * 24);
    return Array.from({ length }, () => ALPHABET[Math.floor(random.nextFloat() * ALPHABET.length)]!).join('');
  });
}

/** llama.cpp's detokenize drops one leading space of the first piece where the vocabulary adds a space prefix. */
function asLlamaCppDetokenizes(tokenizer: GgufTokenizer, tokens: readonly number[]): string {
  const text = tokenizer.decode(tokens);
  const first = tokens.length > 0 ? tokenizer.tokenBytes(tokens[0]!) : new Uint8Array();
  return tokenizer.addSpacePrefix && first[0] === 0x20 ? text.slice(1) : text;
}

const ALL_TEXTS = [...GROUPS.flatMap(([, texts]) => texts), ...randomStrings(100, 99)];

/** One llama.cpp process for every model: each describe loads its own GGUF into it. */
let oracle: LlamaCppOracle;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-tokenizer-'));
  oracle = await LlamaCppOracle.start(modelFile(MODELS[0]!), 64);
});

afterAll(async () => {
  await oracle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `model`'s GGUF, written once under the suite's directory. */
function modelFile(model: Model): string {
  const file = path.join(dir, `model-${MODELS.indexOf(model)}.gguf`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, tinyModelWithVocabulary(model.entries));
  return file;
}

describe.each(MODELS)('GGUF tokenizer against llama.cpp: $name', (model) => {
  const { name, entries, cleansSpaces } = model;
  let tokenizer: GgufTokenizer;

  beforeAll(async () => {
    await oracle.load(modelFile(model), 64);
    tokenizer = expectOk(ggufTokenizer(vocabularyMetadata(entries)), 'tokenizer');
  });

  it('settles on the same BOS, EOS, add-BOS flag and end-of-generation tokens', async () => {
    const theirs = await oracle.vocabulary();
    expect({ bos: tokenizer.bosToken, eos: tokenizer.eosToken, addBos: tokenizer.addBos }).toEqual({ bos: theirs.bos, eos: theirs.eos, addBos: theirs.addBos });
    expect([...tokenizer.endOfGeneration].sort((a, b) => a - b)).toEqual(theirs.endOfGeneration);
  });

  it.each(GROUPS)('encodes %s token for token, with and without parse_special', async (_group, texts) => {
    for (const text of texts) {
      for (const parseSpecial of [false, true]) {
        expect({ text, parseSpecial, tokens: tokenizer.encode(text, { parseSpecial }) }).toEqual({ text, parseSpecial, tokens: await oracle.tokenize(text, parseSpecial) });
      }
    }
  });

  it('encodes 200 random strings token for token', async () => {
    const mismatches: unknown[] = [];
    for (const text of randomStrings(200, name.length)) {
      for (const parseSpecial of [false, true]) {
        const [ours, theirs] = [tokenizer.encode(text, { parseSpecial }), await oracle.tokenize(text, parseSpecial)];
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push({ text, parseSpecial, ours, theirs });
      }
    }
    expect(mismatches).toEqual([]);
  });

  if (entries.some(([key, value]) => key === 'tokenizer.ggml.model' && value.type === GgufType.STRING && value.value === 'gpt2')) {
    it('decodes every byte-level encoding back to its text', () => {
      for (const text of ALL_TEXTS) expect({ text, decoded: tokenizer.decode(tokenizer.encode(text)) }).toEqual({ text, decoded: text });
    });
  }

  if (!cleansSpaces) {
    it('decodes as llama.cpp detokenizes', async () => {
      for (const text of ALL_TEXTS) {
        const tokens = tokenizer.encode(text, { parseSpecial: true });
        expect({ text, decoded: asLlamaCppDetokenizes(tokenizer, tokens) }).toEqual({ text, decoded: await oracle.detokenize(tokens) });
      }
    });
  }
});
