import { type StreamTiming } from '../e2e/streamed-completion';
import { type RequestOutcome } from './open-loop.run';
import { summarizeRun } from './overload.summary';

const served = (ttftMs: number, gapsMs: number[]): RequestOutcome => ({
  kind: 'served',
  timing: { ttftMs, gapsMs, completionTokens: gapsMs.length + 1, promptTokens: 10, cachedTokens: 0, firstText: 'a' } satisfies StreamTiming,
});
const refused = (answeredMs: number): RequestOutcome => ({ kind: 'refused', status: 429, answeredMs });
const failed: RequestOutcome = { kind: 'failed', message: 'reset' };

describe('overload run summary', () => {
  const slo = { ttftMs: 100, tbtMs: 10 };
  const outcomes = [served(50, [5, 5]), served(150, [5]), served(50, [20]), failed, refused(2), refused(4), refused(30), served(90, []), served(60, [5, 30])];
  const summary = summarizeRun({ outcomes, elapsedS: 2 }, slo);

  it('counts refused requests as not admitted and failures as admitted misses', () => {
    expect(summary).toMatchObject({ requests: 9, admitted: 6, refused: 3, failed: 1, admitted_share: 0.667, within_slo: 2, admitted_within_slo_share: 0.333 });
  });

  it('says which SLO each served miss broke, and which gap misses were the first gap alone', () => {
    expect(summary).toMatchObject({ missed_ttft: 1, missed_gap: 2, missed_first_gap_only: 1 });
  });

  it('reads goodput per second of the run and refusal times at the client', () => {
    expect(summary).toMatchObject({ goodput_rps: 1, refusal_ms_p50: 4, refusal_ms_p99: 30 });
  });
});
