import * as fs from 'node:fs';
import * as path from 'node:path';
import { field, defineSchema } from '@tsukimi/config';
import { generateTinyLora, TINY_LORA_DEFAULTS } from '@tsukimi/llama-model';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

const d = TINY_LORA_DEFAULTS;
const schema = defineSchema({
  base: field.string({ nonEmpty: true, description: 'The Llama GGUF the adapter is for (its shape is read from its metadata)' }),
  out: field.string({ nonEmpty: true, description: 'Where to write the LoRA GGUF file' }),
  rank: field.int({ min: 1, max: 4096, default: d.rank, description: 'Inner dimension of each A·B pair' }),
  alpha: field.number({ min: 0, default: d.alpha, description: 'LoRA alpha, positive: llama.cpp scales each A·B by alpha / rank' }),
  seed: field.int({ min: 0, max: 0xffff_ffff, default: d.seed, description: 'Seed of the adapter weights; the same arguments give the same bytes' }),
  scaleStd: field.number({ min: 0, default: d.scaleStd, description: 'Size of the weight change relative to the base weights (1: as large as them, at alpha = rank)' }),
});

/** `tsukimi model tiny-lora`: writes a seeded LoRA adapter (q, k, v, output, up and down projections) that llama.cpp loads onto a tiny model. */
export const modelTinyLoraCommand: CliCommand = {
  path: ['model', 'tiny-lora'],
  summary: 'Write a seeded LoRA GGUF adapter for a tiny Llama GGUF (llama.cpp engine)',
  async run(argv) {
    const parsed = commandConfig(schema, argv, 'tsukimi model tiny-lora', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const c = parsed.config;
    const basePath = path.resolve(c.base);
    let base: Uint8Array;
    try {
      base = fs.readFileSync(basePath);
    } catch (error) {
      throw new UsageError(`cannot read --base ${basePath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const bytes = generateTinyLora(base, { rank: c.rank, alpha: c.alpha, seed: c.seed, scaleStd: c.scaleStd });
    if (!bytes.ok) throw new UsageError(`cannot write a LoRA for ${basePath}: ${bytes.error.message}`);
    const out = path.resolve(c.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const partial = `${out}.${process.pid}.partial`;
    fs.writeFileSync(partial, bytes.value);
    fs.renameSync(partial, out);
    process.stdout.write(`${JSON.stringify({ path: out, base: basePath, rank: c.rank, alpha: c.alpha, seed: c.seed, bytes: bytes.value.length })}\n`);
    return 0;
  },
};
