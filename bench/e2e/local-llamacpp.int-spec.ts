import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LlamaCppOracle } from '@tsukimi/engine-llamacpp';
import { generateTinyModel } from '@tsukimi/llama-model';
import { DISAGG_VS_LOCAL_MODEL } from './disagg-vs-local.measure';
import { randomText, seededRandom } from './e2e.workload';
import { LocalLlamaCpp } from './local-llamacpp.client';
import { llamaCppInstanceSettings } from './local-llamacpp.settings';

/** The oracle keeps F32 KV where the baseline keeps the instances' F16; on these prompts the greedy token is the same. */
describe('the single-process llama.cpp TTFT baseline', () => {
  let dir: string;
  let local: LocalLlamaCpp | undefined;
  let oracle: LlamaCppOracle | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-e2e-spec-'));
    const modelPath = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(modelPath, generateTinyModel(DISAGG_VS_LOCAL_MODEL));
    const settings = llamaCppInstanceSettings(modelPath, {});
    local = await LocalLlamaCpp.start(settings);
    oracle = await LlamaCppOracle.start(modelPath, DISAGG_VS_LOCAL_MODEL.contextTokens);
  }, 60_000);

  afterAll(async () => {
    await local?.close();
    await oracle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([40, 700])('computes all of a %i-token prompt, each time from a cleared sequence, to llama.cpp\'s greedy first token on that model', async (tokens) => {
    const prompt = randomText(seededRandom(tokens), tokens);
    const prompted = await oracle!.tokenize(prompt);
    const [first] = await oracle!.greedy(prompted, 1);
    for (let run = 0; run < 2; run++) {
      const answer = await local!.ttft(prompt);
      expect(answer).toMatchObject({ promptTokens: tokens, firstToken: first, firstText: await oracle!.detokenize([first!]) });
    }
  });
});
