import * as fs from 'node:fs';
import { defineSchema, field } from '@tsukimi/config';
import { generate } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

const schema = defineSchema({
  model: field.string({ nonEmpty: true, description: 'GGUF model file (F32 or F16 Llama)' }),
  prompt: field.string({ default: '', description: 'Prompt text' }),
  promptTokens: field.list({ default: [], description: 'Prompt as token ids, comma separated (instead of --prompt)' }),
  maxTokens: field.int({ min: 0, default: 16, description: 'Tokens to generate at most' }),
  temperature: field.number({ min: 0, default: 0, description: 'Sampling temperature; 0 is greedy' }),
  topP: field.number({ min: 0, max: 1, default: 1, description: 'Nucleus sampling mass; 1 disables' }),
  topK: field.int({ min: 0, default: 0, description: 'Keep the k most likely tokens; 0 disables' }),
  seed: field.int({ min: 0, default: 0, description: 'Seed of the sampling draws' }),
  stop: field.list({ default: [], description: 'Stop sequences, comma separated' }),
  bos: field.boolean({ default: false, description: 'Prepend the BOS token to the prompt' }),
  ignoreEos: field.boolean({ default: false, description: 'Keep generating past the end-of-sequence token' }),
  json: field.boolean({ default: false, description: 'Print {"tokens", "text", "finish_reason"} as JSON' }),
});

/** `tsukimi generate`: one request through the reference engine in this process. */
export const generateCommand: CliCommand = {
  path: ['generate'],
  summary: 'Run one prompt through the reference engine in this process',
  async run(argv) {
    const parsed = commandConfig(schema, argv, 'tsukimi generate', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const c = parsed.config;
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(c.model);
    } catch (error) {
      throw new UsageError(`cannot read model ${c.model}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const engine = ReferenceEngine.fromGguf(bytes, { arenaBlocks: 256 });
    if (!engine.ok) throw new UsageError(`cannot load model ${c.model}: ${engine.error.message}`);
    const tokenizer = engine.value.tokenizer;
    if (c.prompt !== '' && c.promptTokens.length > 0) throw new UsageError('give --prompt or --prompt-tokens, not both');
    if (c.prompt === '' && c.promptTokens.length === 0) throw new UsageError('give --prompt TEXT or --prompt-tokens IDS');
    const ids = c.promptTokens.map((text) => (/^\d+$/.test(text) ? Number(text) : Number.NaN));
    const bad = ids.findIndex((id) => !(id < tokenizer.vocabSize));
    if (bad >= 0) throw new UsageError(`--prompt-tokens: "${c.promptTokens[bad]}" is not a token id below ${tokenizer.vocabSize}`);
    const prompt = [...(c.bos ? [tokenizer.bosToken] : []), ...(ids.length > 0 ? ids : tokenizer.encode(c.prompt))];
    const outcome = await generate(engine.value, prompt, {
      maxTokens: c.maxTokens,
      sampling: { temperature: c.temperature, topP: c.topP, topK: c.topK, seed: c.seed },
      stop: c.stop,
      ignoreEos: c.ignoreEos,
    });
    if (!outcome.ok) throw new UsageError(`generation failed: ${JSON.stringify(outcome.error)}`);
    const { tokens, text, finishReason } = outcome.value;
    process.stdout.write(c.json ? `${JSON.stringify({ tokens, text, finish_reason: finishReason })}\n` : `${text}\n`);
    return 0;
  },
};
