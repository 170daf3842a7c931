import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOk } from '@tsukimi/result';
import { generateTinyModel, type LlamaConfig, tinyModelConfig, type TinyModelOptions } from '@tsukimi/llama-model';

const CHECK_SCRIPT = join(__dirname, 'testing', 'llamacpp-load.check.mjs');
const TEXT = 'hello \u00e9\n';

interface LlamaCppReport {
  tokens: number[];
  detokenized: string;
  vocabularyType: string;
  blockCount: number;
  tokenCount: number;
  tokenStrings: string[];
  bos: number;
  eos: number;
  trainContextSize: number;
  embeddingVectorSize: number;
  totalParameters: number;
  top: { token: number; probability: number };
}

/** node-llama-cpp is ESM with top-level await, so llama.cpp runs in a child process. */
function loadInLlamaCpp(modelPath: string): Promise<LlamaCppReport> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHECK_SCRIPT, modelPath, TEXT], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`llama.cpp check failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as LlamaCppReport);
    });
  });
}

function parameterCount(c: LlamaConfig): number {
  const qDim = c.heads * c.headDim;
  const kvDim = c.kvHeads * c.headDim;
  const perLayer = 2 * c.dim + 2 * c.dim * qDim + 2 * c.dim * kvDim + 3 * c.dim * c.ffnDim;
  return 2 * c.vocabSize * c.dim + c.layers * perLayer + c.dim;
}

describe('llama.cpp loads the generated tiny model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsukimi-gguf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, Partial<TinyModelOptions>]>([
    ['F32 defaults', {}],
    ['F16, three layers, no grouping', { weightType: 'f16', layers: 3, heads: 2, kvHeads: 2, dim: 32, ffnDim: 64 }],
  ])('%s: byte-exact tokenization, the right shapes, and a forward pass', async (name, options) => {
    const modelPath = join(dir, `${name.replace(/\W+/g, '-')}.gguf`);
    writeFileSync(modelPath, generateTinyModel(options));
    const config = expectOk(tinyModelConfig(options), 'config');

    const report = await loadInLlamaCpp(modelPath);

    expect(report.tokens).toEqual([...Buffer.from(TEXT, 'utf8')]);
    expect(report.detokenized).toBe(TEXT);
    expect(report.vocabularyType).toBe('bpe');
    expect(report.tokenCount).toBe(259);
    expect(report.tokenStrings).toEqual(['Ā', 'Ċ', 'Ġ', 'A', 'ÿ', '<|bos|>', '<|eos|>', '<|pad|>']);
    expect([report.bos, report.eos]).toEqual([256, 257]);
    expect(report.blockCount).toBe(config.layers);
    expect(report.embeddingVectorSize).toBe(config.dim);
    expect(report.trainContextSize).toBe(config.contextTokens);
    expect(report.totalParameters).toBe(parameterCount(config));
    expect(report.top.probability).toBeGreaterThan(0);
    expect(report.top.probability).toBeLessThan(1);
  });
});
