import * as fs from 'node:fs';
import * as path from 'node:path';
import { field, defineSchema } from '@tsukimi/config';
import { generateTinyModel, TINY_MODEL_DEFAULTS, tinyModelConfig, tinyModelId } from '@tsukimi/llama-model';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

const d = TINY_MODEL_DEFAULTS;
const schema = defineSchema({
  out: field.string({ nonEmpty: true, description: 'Where to write the GGUF file' }),
  seed: field.int({ min: 0, max: 0xffff_ffff, default: d.seed, description: 'Seed of the weights; the same arguments give the same bytes' }),
  dim: field.int({ min: 2, default: d.dim, description: 'Embedding width' }),
  layers: field.int({ min: 1, default: d.layers, description: 'Transformer blocks' }),
  heads: field.int({ min: 1, default: d.heads, description: 'Query heads' }),
  kvHeads: field.int({ min: 1, default: d.kvHeads, description: 'Key/value heads (grouped-query attention)' }),
  ffn: field.int({ min: 1, default: d.ffnDim, description: 'Feed-forward width' }),
  ctx: field.int({ min: 1, default: d.contextTokens, description: 'Context length in tokens' }),
  weightType: field.enum({ values: ['f32', 'f16'], default: d.weightType, description: 'Storage type of the weight matrices' }),
});

/** `tsukimi model tiny`: writes the seeded, byte-vocabulary Llama model. */
export const modelTinyCommand: CliCommand = {
  path: ['model', 'tiny'],
  summary: 'Write a tiny Llama GGUF with seeded weights and a byte vocabulary',
  async run(argv) {
    const parsed = commandConfig(schema, argv, 'tsukimi model tiny', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const c = parsed.config;
    const options = { seed: c.seed, dim: c.dim, layers: c.layers, heads: c.heads, kvHeads: c.kvHeads, ffnDim: c.ffn, contextTokens: c.ctx, weightType: c.weightType };
    const valid = tinyModelConfig(options);
    if (!valid.ok) throw new UsageError(`invalid model shape: ${valid.error.message}`);
    const bytes = generateTinyModel(options);
    const out = path.resolve(c.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const partial = `${out}.${process.pid}.partial`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, out);
    process.stdout.write(`${JSON.stringify({ path: out, modelId: tinyModelId(options), bytes: bytes.length })}\n`);
    return 0;
  },
};
