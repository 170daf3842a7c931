import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EngineTimings } from '@tsukimi/serving';
import { type EngineSettings } from './engine.loader';
import { ENGINE_TIMINGS_MAX_AGE_MS, engineTimings, engineTimingsKey } from './engine-timings.cache';

describe('engineTimings: the engine timed once per host, model and settings', () => {
  let dir: string;
  let modelPath: string;
  let settings: EngineSettings;
  let measured: number;
  let nowMs: number;
  const timings = (ms: number): EngineTimings => ({ prefill: [{ promptTokens: 64, reusedTokens: 0, ms }], decode: [{ batchSize: 1, contextTokens: 32, stepMs: ms / 10 }] });
  const measure = async () => timings(++measured);
  const timed = (cacheDir: string | undefined = path.join(dir, 'timings'), s: EngineSettings = settings) => engineTimings(cacheDir, s, measure, () => nowMs);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-engine-timings-'));
    modelPath = path.join(dir, 'model.gguf');
    fs.writeFileSync(modelPath, 'weights');
    settings = {
      engine: 'reference',
      modelPath,
      blockSizeTokens: 16,
      arenaBlocks: 1024,
      prefillChunkTokens: 512,
      threads: 0,
      contextTokens: 4096,
      batchTokens: 512,
      sequences: 8,
      kvDtype: 'f16',
      flashAttention: false,
      gpu: 'off',
    };
    measured = 0;
    nowMs = 1_000_000;
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('measures at the first start and reads the same timings back at the next', async () => {
    expect(await timed()).toEqual({ timings: timings(1), source: 'measured' });
    expect(await timed()).toEqual({ timings: timings(1), source: 'cache' });
    expect(measured).toBe(1);
  });

  it.each([undefined, ''])('measures at every start without a cache directory (%p)', async (none) => {
    await engineTimings(none, settings, measure);
    expect(await engineTimings(none, settings, measure)).toEqual({ timings: timings(2), source: 'measured' });
  });

  it('ignores what is not an engine setting: the same key whatever the ports or instance id', () => {
    const withService = { ...settings, httpPort: 8101, grpcPort: 50061, instanceId: 'prefill-a' } as EngineSettings;
    expect(engineTimingsKey(withService)).toBe(engineTimingsKey(settings));
  });

  it.each<[string, (s: EngineSettings) => EngineSettings]>([
    ['another engine', (s) => ({ ...s, engine: 'simulated' })],
    ['another arena size', (s) => ({ ...s, arenaBlocks: 2048 })],
    ['another block size', (s) => ({ ...s, blockSizeTokens: 32 })],
    ['another chunk size', (s) => ({ ...s, prefillChunkTokens: 256 })],
    ['a model file that is not there', (s) => ({ ...s, modelPath: path.join(dir, 'other.gguf') })],
    ['another simulated time scale', (s) => ({ ...s, simulatedTimeScale: 0.5 })],
    ['a LoRA adapter', (s) => ({ ...s, lora: [`chat=${modelPath}`] })],
  ])('measures again for %s', async (_name, change) => {
    await timed();
    expect(await timed(undefined, change(settings))).toEqual({ timings: timings(2), source: 'measured' });
  });

  it('measures again once the model file is replaced by another', async () => {
    await timed();
    fs.writeFileSync(modelPath, 'other weights');
    expect((await timed()).source).toBe('measured');
  });

  it('reads back the timings of the same model under another path', async () => {
    await timed();
    const copy = path.join(dir, 'copy.gguf');
    fs.copyFileSync(modelPath, copy);
    expect(await timed(undefined, { ...settings, modelPath: copy })).toEqual({ timings: timings(1), source: 'cache' });
  });

  it('measures again once the kept timings are older than a day, and keeps the new ones', async () => {
    await timed();
    nowMs += ENGINE_TIMINGS_MAX_AGE_MS + 1;
    expect(await timed()).toEqual({ timings: timings(2), source: 'measured' });
    expect(await timed()).toEqual({ timings: timings(2), source: 'cache' });
  });

  it.each([
    ['not JSON', 'not json'],
    ['another schema', JSON.stringify({ schema: 'other', key: 'k', measuredAtMs: 1_000_000, timings: timings(9) })],
    ['no prefill points', (key: string) => JSON.stringify({ schema: 'tsukimi.engine-timings/v1', key, measuredAtMs: 1_000_000, timings: { prefill: [], decode: [] } })],
    ['a negative time', (key: string) => JSON.stringify({ schema: 'tsukimi.engine-timings/v1', key, measuredAtMs: 1_000_000, timings: timings(-1) })],
    ['another key', JSON.stringify({ schema: 'tsukimi.engine-timings/v1', key: 'other', measuredAtMs: 1_000_000, timings: timings(9) })],
  ])('measures again, and overwrites, when the kept file holds %s', async (_name, content) => {
    const key = engineTimingsKey(settings);
    fs.mkdirSync(path.join(dir, 'timings'));
    fs.writeFileSync(path.join(dir, 'timings', `${key}.json`), typeof content === 'string' ? content : content(key));
    expect(await timed()).toEqual({ timings: timings(1), source: 'measured' });
    expect(await timed()).toEqual({ timings: timings(1), source: 'cache' });
  });

  it('still answers when the directory cannot be written', async () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    expect(await timed(path.join(blocked, 'timings'))).toEqual({ timings: timings(1), source: 'measured' });
    expect(await timed(path.join(blocked, 'timings'))).toEqual({ timings: timings(2), source: 'measured' });
  });
});
