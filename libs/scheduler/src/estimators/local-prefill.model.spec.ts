import { type QueuedPrefill } from '../instance.model';
import { decode, emptyIndex, request8, TEST_DECODE_STEP } from '../testing/scheduler.fixtures';
import { prefixMatchOf } from '../index/snapshot-prefix.match';
import { chunksOf, type LocalPrefillModel, longestChunkMs, longestPendingChunkMs, turnsUntilDone } from './local-prefill.model';
import { QueueTimeEstimator } from './queue-time.estimator';
import { TbtEstimator } from './tbt.estimator';
import { TransferTimeEstimator } from './transfer-time.estimator';
import { TtftEstimator } from './ttft.estimator';

/** 1 ms per computed token, no base, no attention: a chunk costs its tokens in ms. */
const prefill = { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 };
const model: LocalPrefillModel = { prefill, chunkTokens: 64 };
const prompt = (promptTokens: number, reusedTokens = 0): QueuedPrefill => ({ promptTokens, reusedTokens });

describe('local prefill model', () => {
  it.each([
    ['a prompt under one chunk', prompt(40), 1, 40],
    ['exactly one chunk', prompt(64), 1, 64],
    ['one token over a chunk', prompt(65), 2, 64],
    ['a cached prefix leaves one chunk', prompt(200, 160), 1, 40],
    ['a prompt cached whole still computes its last token', prompt(64, 64), 1, 1],
  ])('%s: %i chunks, the longest %f ms', (_name, work, chunks, longestMs) => {
    expect(chunksOf(model, work)).toBe(chunks);
    expect(longestChunkMs(model, work)).toBe(longestMs);
  });

  it.each([
    ['nothing queued nor added', undefined, undefined, 0],
    ['the added prompt alone', [], prompt(40), 40],
    ['the longest of those queued and the added one', [prompt(20), prompt(300)], prompt(40), 64],
    ['those queued, with nothing added', [prompt(10), prompt(30)], undefined, 30],
  ])('the pending chunk with %s is %f ms', (_name, queued, added, ms) => {
    expect(longestPendingChunkMs(model, queued, added)).toBe(ms);
  });

  it.each([
    ['alone', [], prompt(200), 4],
    ['behind one-chunk prompts: one turn each', [prompt(40), prompt(50)], prompt(40), 3],
    ['behind a long prompt: it takes no more turns than this one', [prompt(640)], prompt(100), 4],
    ['behind a short prompt: it is done after its one turn', [prompt(10)], prompt(640), 11],
  ])('turns until the last chunk, %s: %i', (_name, queued, own, turns) => {
    expect(turnsUntilDone(model, queued, own)).toBe(turns);
  });
});

describe('TbtEstimator with prompts run whole on the instance', () => {
  const tbt = new TbtEstimator(TEST_DECODE_STEP, model);
  const busy = (queued: QueuedPrefill[]) => ({ ...decode('d', 4, 100, 50), queuedPrefills: queued });
  // The step alone: 10 ms + 5 requests × 1 ms + 600 context tokens × 0.01 ms.
  const stepMs = 10 + 5 + 6;

  it.each([
    ['no prompt queued, the request routed', [], undefined, stepMs],
    ['no prompt queued, the request run whole: its own chunk follows the step', [], prompt(200), stepMs + 64],
    ['a shorter prompt queued, the request routed: the queued chunk follows the step', [prompt(30)], undefined, stepMs + 30],
    ['a shorter prompt queued, the request run whole: the longer chunk counts', [prompt(30)], prompt(50), stepMs + 50],
  ])('every stream’s gap with %s', (_name, queued, own, ms) => {
    expect(tbt.withRequestMs(busy(queued), 200, 0, [], own)).toBeCloseTo(ms, 9);
  });

  it('alone on an idle instance, the request’s own prompt lengthens no gap: its stream starts after it', () => {
    expect(tbt.withRequestMs(decode('d', 0), 200, 0, [], prompt(200))).toBeCloseTo(10 + 1 + 2, 9);
  });

  it('without the model a step is only the batch’s, whatever is queued', () => {
    expect(new TbtEstimator(TEST_DECODE_STEP).withRequestMs(busy([prompt(30)]), 200, 0, [], prompt(50))).toBeCloseTo(stepMs, 9);
  });

  it.each([
    ['an idle instance: no step runs', decode('d', 0), prompt(200), 0],
    ['a batch of 4 and nothing queued: one step before each of 4 chunks', busy([]), prompt(200), 4 * (10 + 4 + 4)],
    ['a batch of 4 and two one-chunk prompts ahead', busy([prompt(40), prompt(50)]), prompt(40), 3 * (10 + 4 + 4)],
  ])('interleaved steps on %s', (_name, instance, own, ms) => {
    expect(tbt.interleavedMs(instance, own)).toBeCloseTo(ms, 9);
  });
});

describe('TtftEstimator on a decode instance', () => {
  const options = {
    blockSizeTokens: 16,
    prefill,
    queue: new QueueTimeEstimator({ prefill }),
    transfer: new TransferTimeEstimator({ blockBytes: 1000, bandwidthBytesPerS: { 'device-remote': 1e6, dram: 1e6, ssd: 5e4 } }),
    kvcacheBalanceThreshold: 1.5,
  };
  const request = request8();
  const match = prefixMatchOf({ prefill: [], decode: [], cachedPrefixBlocks: () => 0, prefixes: emptyIndex(), tenantInFlightRequests: new Map() }, request);
  const withSteps = new TtftEstimator({ ...options, steps: new TbtEstimator(TEST_DECODE_STEP, model) });
  const queued = { ...decode('d', 4, 100, 50), queuedPrefills: [prompt(100)] };

  it.each([
    // The 136-token prompt takes 3 chunks, the 100 tokens queued ahead 2: 5 turns, each after an 18 ms step.
    ['on a decode instance with a batch and a prompt queued', withSteps, queued, { queueMs: 100, prefillMs: 136, interleavedMs: 5 * 18, ttftMs: 100 + 136 + 90 }],
    ['on an idle decode instance', withSteps, decode('d', 0), { queueMs: 0, prefillMs: 136, ttftMs: 136 }],
    ['on a prefill instance: no steps run there', withSteps, { ...queued, role: 'prefill' as const }, { queueMs: 100, prefillMs: 136, ttftMs: 236 }],
    ['a decode instance, estimated without the step model', new TtftEstimator(options), queued, { queueMs: 100, prefillMs: 136, ttftMs: 236 }],
  ])('%s', (_name, estimator, instance, expected) => {
    const estimate = estimator.estimate(request, instance, match);
    expect(estimate).toMatchObject(expected);
    if (!('interleavedMs' in expected)) expect(estimate.interleavedMs).toBeUndefined();
  });
});
