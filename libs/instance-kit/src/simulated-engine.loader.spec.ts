import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatEngineProfile } from '@tsukimi/scheduler';
import { SimulatedEngine } from '@tsukimi/simulator';
import { loadEngine } from './engine.loader';

const PROFILE = { engine: 'reference tiny', blockSizeTokens: 16, blockBytes: 8192, prefill: { baseMs: 1, msPerComputedToken: 0.1, msPerAttendedPair: 0 }, decode: { baseMs: 0.5, msPerRequest: 0.1, msPerContextToken: 0 } };

const base = { engine: 'simulated', modelPath: 'unused.gguf', blockSizeTokens: 16, arenaBlocks: 8, prefillChunkTokens: 512, threads: 0, contextTokens: 4096, batchTokens: 512, sequences: 8, kvDtype: 'f16', flashAttention: false, gpu: 'off' } as const;

describe('loadEngine --engine simulated', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-simulated-'));
    fs.writeFileSync(path.join(dir, 'small.json'), JSON.stringify({ name: 'Small', layers: 2, hiddenSize: 64, attentionHeads: 4, kvHeads: 2, parameters: 1e6, bytesPerValue: 2 }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ name: 'Bad', layers: 0 }));
    fs.writeFileSync(path.join(dir, 'profile.json'), formatEngineProfile(PROFILE));
    fs.writeFileSync(path.join(dir, 'bad-profile.json'), formatEngineProfile(PROFILE).replace('"baseMs": 1', '"baseMs": "1"'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    { settings: () => ({}), modelId: 'LLaMA3-70B', layout: { layers: 80, kvHeads: 8, headDim: 128, blockSizeTokens: 16, dtype: 'f16' } },
    { settings: () => ({ simulatedModel: path.join(dir, 'small.json'), simulatedHardware: '8xh800' }), modelId: 'Small', layout: { layers: 2, kvHeads: 2, headDim: 16, blockSizeTokens: 16, dtype: 'f16' } },
  ])('loads a preset or a model sheet file, with no model file read ($modelId)', async ({ settings, modelId, layout }) => {
    const loaded = await loadEngine({ ...base, ...settings() });
    expect(loaded.ok && loaded.value.info).toMatchObject({ engine: 'simulated', modelId, blockLayout: layout });
  });

  it('takes its times from an engine profile file when given one', async () => {
    const loaded = await loadEngine({ ...base, simulatedProfile: path.join(dir, 'profile.json') });
    const engine = loaded.ok ? loaded.value : undefined;
    expect(engine).toBeInstanceOf(SimulatedEngine);
    expect((engine as SimulatedEngine).timing.prefillMs(100, 0)).toBeCloseTo(11, 9);
    expect((engine as SimulatedEngine).timing.decodeStepMs(2, 300)).toBeCloseTo(0.7, 9);
  });

  it.each([
    { settings: () => ({ simulatedProfile: path.join(dir, 'bad-profile.json') }), says: /^simulated-profile: .*bad-profile.json: prefill.baseMs: expected a finite number/ },
    { settings: () => ({ simulatedProfile: path.join(dir, 'absent.json') }), says: /^simulated-profile: cannot read .*ENOENT/ },
    { settings: () => ({ simulatedModel: path.join(dir, 'bad.json') }), says: /^simulated-model: layers: / },
    { settings: () => ({ simulatedModel: path.join(dir, 'absent.json') }), says: /^simulated-model: cannot read .*ENOENT/ },
    { settings: () => ({ simulatedHardware: 'abacus' }), says: /^simulated-hardware: / },
    { settings: () => ({ lora: ['x=y.gguf'] }), says: /^lora: the simulated engine loads no LoRA adapters/ },
  ])('refuses a bad setting in one line naming it ($says)', async ({ settings, says }) => {
    const loaded = await loadEngine({ ...base, ...settings() });
    expect(loaded.ok ? '' : loaded.error).toMatch(says);
  });
});
