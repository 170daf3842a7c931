import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { EngineHost } from '../engine/testing/engine-host.client';
import { cutSequenceState } from './sequence-state.cutter';
import { readSequenceState } from './sequence-state.reader';
import { type KvRun } from './sequence-state.types';
import { writeSequenceState } from './sequence-state.writer';

/** KV dtype × flash attention (which decides whether V is transposed). */
const CONFIGS = [
  ['f16', false],
  ['f16', true],
  ['f32', false],
  ['f32', true],
] as const;
const LENGTHS = [1, 17, 100, 333];
const BLOCK_SIZES = [4, 16, 64];

function prompt(length: number): number[] {
  return Array.from({ length }, (_, i) => (i * 131 + 17) % 256);
}

describe('sequence states written by llama.cpp: cut into blocks and written again byte for byte', () => {
  let dir: string;
  let host: EngineHost;
  const models: Record<string, string> = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-state-'));
    models['tiny (2 layers, 2 KV heads × 16)'] = path.join(dir, 'tiny.gguf');
    models['wider (3 layers, 3 KV heads × 16)'] = path.join(dir, 'wider.gguf');
    fs.writeFileSync(models['tiny (2 layers, 2 KV heads × 16)']!, generateTinyModel());
    fs.writeFileSync(models['wider (3 layers, 3 KV heads × 16)']!, generateTinyModel({ dim: 96, layers: 3, heads: 6, kvHeads: 3, ffnDim: 256, seed: 4 }));
    host = EngineHost.start();
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(CONFIGS)('%s KV, flash attention %s: every prompt length and block size round-trips', async (kvDtype, flashAttention) => {
    for (const [name, modelPath] of Object.entries(models)) {
      for (const length of LENGTHS) {
        const bytes = Buffer.from(await host.call<string>({ op: 'plainState', config: { modelPath, kvDtype, flashAttention, contextTokens: 512 }, tokens: prompt(length) }), 'base64');
        const state = expectOk(readSequenceState(bytes), `${name}, ${length} tokens`);
        expect(state.frame).toMatchObject({ dtype: kvDtype, valueLayout: flashAttention ? 'rows' : 'transposed' });
        expect(state.tokens).toEqual(prompt(length));
        for (const blockSizeTokens of BLOCK_SIZES) {
          const cut = cutSequenceState(state, blockSizeTokens);
          const runs: KvRun[] = cut.blocks.map((payload) => ({ payload, slots: blockSizeTokens }));
          if (cut.tail) runs.push(cut.tail);
          const rewritten = writeSequenceState(state.frame, state.tokens, runs);
          expect({ name, length, blockSizeTokens, equal: Buffer.from(rewritten).equals(bytes) }).toEqual({ name, length, blockSizeTokens, equal: true });
        }
      }
    }
  });
});
