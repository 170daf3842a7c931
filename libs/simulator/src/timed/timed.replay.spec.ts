import { expectOk } from '@tsukimi/result';
import { chunked, traceText } from '../testing/generated.trace';
import { ROUND_MODEL, ROUND_NODE } from '../testing/round-numbers.sheets';
import { readTrace } from '../trace/trace.reader';
import { type TraceRequest } from '../trace/trace-request.model';
import { compileTimedReplayOptions, type TimedReplayOptions } from './timed-replay.options';
import { replayTimed } from './timed.replay';

/** `ROUND_MODEL` on `ROUND_NODE`: a fresh 1000-token prefill is 22e6·1000 + 8000·(1000·1001/2) FLOPs = 26.004 ms; a decode step over c context tokens 10 + c·2e-5 ms. */
const model = ROUND_MODEL;
const hardware = ROUND_NODE;
const PREFILL_1000_MS = 26.004;
const step = (contextTokens: number) => 10 + contextTokens * 2e-5;

const request = (timestampMs: number, outputLengthTokens: number, hashIds: number[], inputLengthTokens = 1000): TraceRequest => ({ timestampMs, inputLengthTokens, outputLengthTokens, hashIds });

async function replay(requests: TraceRequest[], options: Partial<TimedReplayOptions>) {
  const compiled = expectOk(compileTimedReplayOptions({ architecture: 'coupled', model, hardware, nodes: 1, ttftSloMs: 40, tbtSloMs: 20, ...options }), 'options');
  return expectOk(await replayTimed(readTrace(chunked(traceText(requests), 7)), compiled), 'replay');
}

describe('replayTimed against closed-form cases', () => {
  it('one coupled instance without chunked prefill: prefill first, the batch waits through it; a cached prefix leaves only the last token to compute', async () => {
    // A (0 ms, 3 tokens) prefills 0 → 26.004. B (5 ms, 2 tokens) prefills 26.004 → 52.008, A waiting in the batch.
    // One step of both (contexts 1001 + 1001) ends at 52.008 + step(2002): A's second token, B's second and last.
    // One step of A (context 1002): A's third token. C (1000 ms) repeats A's prompt: both blocks cached, 999 tokens
    // reused, one computed: 22e6 + 8000·(999 + 1) FLOPs = 0.03 ms, and its one token needs no decode.
    const report = await replay([request(0, 3, [1, 2]), request(5, 2, [3, 4]), request(1000, 1, [1, 2])], { chunkedPrefillTokens: 0 });
    const bEnd = 2 * PREFILL_1000_MS;
    const ttfts = [PREFILL_1000_MS, bEnd - 5, 0.03];
    const tbtA = bEnd + step(2002) - PREFILL_1000_MS; // the longer of A's two intervals: the one through B's prefill
    const tbtB = step(2002);
    expect(report).toMatchObject({ requests: 3, completed: 3, rejected: 0 });
    // Within 40 ms TTFT and 20 ms TBT: B (TTFT 47.008) fails on TTFT, A on TBT, C meets both.
    expect(report.withinSlo).toBe(1);
    expect(report.ttftMs.p50).toBeCloseTo(ttfts[0]!, 9);
    expect(report.ttftMs.p90).toBeCloseTo(ttfts[1]!, 9);
    expect(report.tbtMs.p50).toBeCloseTo(tbtB, 9);
    expect(report.tbtMs.p99).toBeCloseTo(tbtA, 9);
    // Of 6 blocks, C's 2 came from the instance's memory.
    expect(report.blockSources.device).toBeCloseTo(2 / 6, 12);
    expect(report.simulatedMs).toBeCloseTo(1000 + 0.03, 9);
  });

  it('one coupled instance with chunked prefill: each step decodes the batch and fills the rest of its 600 tokens with prompt chunks, started ones first', async () => {
    // A step: the linear layers over all its tokens, 22e6 FLOPs each at 1e9 FLOP/ms but at least the 10 ms of reading the
    // weights; then each chunk's attention, 8000 FLOPs a pair (c after r: c·r + c(c+1)/2 pairs); then 2e-5 ms a decode context token.
    const linear = (tokens: number) => Math.max(22e6 * tokens, 1e10) / 1e9;
    const attention = (c: number, r: number) => (8000 * (c * r + (c * (c + 1)) / 2)) / 1e9;
    // Step 1 (0 →): A's first 600 tokens. Step 2: A's last 400 and, B having arrived at 5 ms, B's first 200: A's first token.
    const aFirst = linear(600) + attention(600, 0) + linear(600) + attention(400, 600) + attention(200, 0);
    // Step 3: A decodes (context 1001) beside B's next 599 tokens. Step 4: A decodes (1002) beside B's last 201, too few
    // to outlast the weights' read: B's first token, A's last.
    const step3 = linear(600) + attention(599, 200) + 1001 * 2e-5;
    const step4 = 10 + attention(201, 799) + 1002 * 2e-5;
    const bFirst = aFirst + step3 + step4;
    // Step 5: B alone decodes its second and last token.
    const end = bFirst + step(1001);
    const report = await replay([request(0, 3, [1, 2]), request(5, 2, [3, 4])], { chunkedPrefillTokens: 600, ttftSloMs: 1000, tbtSloMs: 1000 });
    expect(report.ttftMs.p50).toBeCloseTo(aFirst, 9);
    expect(report.ttftMs.p90).toBeCloseTo(bFirst - 5, 9);
    // A's intervals: step 3 and step 4; TBT is the longer. B's one interval: step 5.
    expect(report.tbtMs.p90).toBeCloseTo(Math.max(step3, step4), 9);
    expect(report.tbtMs.p50).toBeCloseTo(step(1001), 9);
    expect(report.simulatedMs).toBeCloseTo(end, 9);
  });

  it('one prefill and one decode instance: the KV handoff overlaps the prefill but its last layer, then one step per token', async () => {
    // Prefill ends at 26.004 (first token). Sending 1000 × 2000 B at 1 GB/s takes 2 ms, one layer: 2 ms after the prefill.
    // The decode instance steps at 28.004 over context 1001: the second token at 28.004 + step(1001).
    const report = await replay([request(0, 2, [1, 2])], { architecture: 'disaggregated', nodes: undefined, prefillInstances: 1, decodeInstances: 1 });
    expect(report.ttftMs.p50).toBeCloseTo(PREFILL_1000_MS, 9);
    expect(report.tbtMs.p50).toBeCloseTo(2 + step(1001), 9);
    expect(report.withinSlo).toBe(1);
  });

  it('at speed 2 the same trace arrives twice as fast: B arrives at 2.5 ms', async () => {
    const report = await replay([request(0, 1, [1, 2]), request(5, 1, [3, 4])], { speed: 2 });
    expect(report.ttftMs.p90).toBeCloseTo(2 * PREFILL_1000_MS - 2.5, 9);
  });

  it('replays only the window, its start as time 0', async () => {
    const report = await replay([request(0, 1, [1, 2]), request(2000, 1, [3, 4]), request(3000, 1, [5, 6])], { windowS: '1,2.5' });
    expect(report).toMatchObject({ requests: 1, completed: 1 });
  });

  it.each([
    // Fetched from the pool: 4 blocks × 512 × 2000 B at 1 GB/s = 4.096 ms, then 2047 tokens reused and one computed: 22e6 + 8000·2048 FLOPs.
    { architecture: 'mooncake', dram: 4 / 12, ttftC: 4.096 + (22e6 + 8000 * 2048) / 1e9 },
    // Local caches only: recomputed, 22e6·2048 + 8000·2048·2049/2 FLOPs.
    { architecture: 'disaggregated', dram: 0, ttftC: (22e6 * 2048 + (8000 * 2048 * 2049) / 2) / 1e9 },
  ])('$architecture: a prefix pushed out of the instance\'s memory is fetched from pool DRAM only where there is a pool', async ({ architecture, dram, ttftC }) => {
    // HBM for exactly 4 blocks of KV past the weights: B's blocks push A's out of the prefill instance's memory.
    const small = { ...hardware, hbmBytesPerGpu: 1e9 + 4 * 512 * 2000 };
    const trace = [request(0, 1, [1, 2, 3, 4], 2048), request(1000, 1, [5, 6, 7, 8], 2048), request(2000, 1, [1, 2, 3, 4], 2048)];
    const report = await replay(trace, { architecture, hardware: small, nodes: undefined, prefillInstances: 1, decodeInstances: 1, ttftSloMs: 1000 });
    expect(report.blockSources.dram).toBeCloseTo(dram, 12);
    expect(report.blockSources.device).toBe(0);
    // C, the last to finish, with its one token.
    expect(report.simulatedMs).toBeCloseTo(2000 + ttftC, 9);
  });
});
