import { generate, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { ManualClock } from '@tsukimi/telemetry';
import { DeviceBlockHeat } from '../device/device-block.heat';
import { handOverDeviceBlocks } from '../device/device.handover';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { PrefillWorker } from '../prefill/prefill.worker';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { DecodeBatcher } from './decode.batcher';

const greedy = (maxTokens: number): GenerationParams => ({ maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true });
const turnOne = text('A conversation\'s first turn: the user asks, and the answer follows it. ');
const ANSWER_TOKENS = 40;

/**
 * Turn one of a conversation: a prefill instance stores the prompt's blocks in the pool, a decode
 * instance (with `heat`, or without) generates the answer; the decode instance then drains.
 */
async function servedTurn(heat: DeviceBlockHeat | undefined) {
  const pool = new MemoryKvPool('node-a');
  const prefilled = expectOk(await new PrefillWorker(engine(), pool, systemClock).prefill({ requestId: 'turn-1', promptTokens: turnOne, tenantSalt: '', generation: greedy(ANSWER_TOKENS) }), 'prefill');
  await prefilled.handoff;
  const decodeEngine = engine();
  const batcher = new DecodeBatcher(decodeEngine, pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), ...(heat ? { heat } : {}) });
  const answer: number[] = [prefilled.first.token];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const sink = {
    token: (t: GeneratedToken) => {
      answer.push(t.token);
      if (t.finishReason) finished();
    },
    fail: () => finished(),
  };
  expectOk(await batcher.start({ requestId: 'turn-1', promptTokens: turnOne, tenantSalt: '', generation: greedy(ANSWER_TOKENS), firstToken: prefilled.first.token, blockKeys: prefilled.blockKeys }, sink), 'decode');
  await done;
  await batcher.drain();
  const promptBlocks = prefilled.blockKeys.length;
  return { pool, decodeEngine, answer, promptBlocks };
}

describe('a decode instance\'s drain hands its finished sequences\' blocks to the pool', () => {
  it('the generated blocks the pool lacked go to it under the keys a prefill of the same tokens computes, and the next turn reuses them with the tokens of a run alone', async () => {
    const clock = new ManualClock();
    const heat = new DeviceBlockHeat(clock, 1024);
    const { pool, decodeEngine, answer, promptBlocks } = await servedTurn(heat);
    expect(answer).toHaveLength(ANSWER_TOKENS);
    // The engine holds the KV of the prompt and of every answer token but the last (never fed back).
    const kvTokens = [...turnOne, ...answer.slice(0, -1)];
    const kvKeys = decodeEngine.blockKeys(kvTokens);
    expect(kvKeys.length).toBeGreaterThan(promptBlocks);
    expect(kvKeys.filter((key) => pool.blocks.has(key))).toHaveLength(promptBlocks);

    const report = await handOverDeviceBlocks(decodeEngine, pool, heat, clock, { budgetMs: 10_000 });
    expect(report).toMatchObject({ handedBlocks: kvKeys.length - promptBlocks, poolHadBlocks: promptBlocks, goneBlocks: 0, storeFailed: false });
    expect(kvKeys.every((key) => pool.blocks.has(key))).toBe(true);

    const turnTwo = [...turnOne, ...answer, ...text(' And the user asks again.')];
    const fresh = engine();
    const next = expectOk(await new PrefillWorker(fresh, pool, systemClock).prefill({ requestId: 'turn-2', promptTokens: turnTwo, tenantSalt: '', generation: greedy(1) }), 'turn two');
    expect(next.reused.dram).toBe(kvKeys.length * fresh.info.blockLayout.blockSizeTokens);
    const alone = expectOk(await generate(engine(), turnTwo, greedy(1)), 'alone');
    expect(next.first.token).toBe(alone.tokens[0]);
  });

  it('without the heat, nothing but the prompt is in the pool for the next turn', async () => {
    const { pool, decodeEngine, answer, promptBlocks } = await servedTurn(undefined);
    const kvKeys = decodeEngine.blockKeys([...turnOne, ...answer.slice(0, -1)]);
    const report = await handOverDeviceBlocks(decodeEngine, pool, new DeviceBlockHeat(new ManualClock(), 1024), new ManualClock(), { budgetMs: 10_000 });
    expect(report.handedBlocks).toBe(0);
    expect(kvKeys.filter((key) => pool.blocks.has(key))).toHaveLength(promptBlocks);
  });
});
