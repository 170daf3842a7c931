import * as fs from 'node:fs';
import { defineSchema, field } from '@tsukimi/config';
import { generate } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';
import { ensureTinyModel } from '../model/model-cache';

const schema = defineSchema({
  model: field.string({ optional: true, description: 'GGUF model file; default: the tiny model, generated into the cache on first run' }),
  maxTokens: field.int({ min: 1, default: 24, description: 'Tokens to generate per prompt' }),
});

const PROMPTS = ['The harvest moon rises over the pampas grass, and', 'The harvest moon rises over the rice fields, while'];

/**
 * `tsukimi demo`: the engine in one process. Runs two prompts that share a prefix, so the
 * second reuses the first one's cached KV blocks, and shows what was reused and how fast.
 */
export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'Run the reference engine in one process on prompts that share a prefix',
  async run(argv) {
    const parsed = commandConfig(schema, argv, 'tsukimi demo', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const model = parsed.config.model ?? ensureTinyModel(process.env).path;
    const engine = ReferenceEngine.fromGguf(fs.readFileSync(model));
    if (!engine.ok) throw new UsageError(`cannot load model ${model}: ${engine.error.message}`);
    process.stdout.write(`model ${engine.value.modelId} (${model})\n`);
    for (const prompt of PROMPTS) {
      const tokens = engine.value.tokenizer.encode(prompt);
      const start = performance.now();
      const outcome = await generate(engine.value, tokens, { maxTokens: parsed.config.maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [] });
      if (!outcome.ok) throw new UsageError(`generation failed: ${JSON.stringify(outcome.error)}`);
      const ms = performance.now() - start;
      const o = outcome.value;
      process.stdout.write(
        `\nprompt: ${JSON.stringify(prompt)}\n  ${o.promptTokens} prompt tokens, ${o.reusedTokens} reused from cached blocks; ${o.tokens.length} generated in ${ms.toFixed(1)} ms (${o.finishReason})\n  tokens: ${o.tokens.join(' ')}\n`,
      );
    }
    return 0;
  },
};
