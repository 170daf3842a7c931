import { expectOk } from '@tsukimi/result';
import { type InstanceRole, type SloTargets } from '@tsukimi/scheduler';
import { compileTimedReplayOptions, CostModel, MODEL_PRESETS, NODE_PRESETS, readTrace, replayTimed, type TimedReplayReport } from '@tsukimi/simulator';
import { type FastSignals } from '../planner';
import { type LoadSignals } from '../pool.sizer';

/** The workload of the load-step spec: a shared 512-token system prompt, 512 tokens of the user's own, 512 generated. */
const INPUT_TOKENS = 1024;
const OUTPUT_TOKENS = 512;
const TRACE_S = 20;
const MODEL = 'llama3-70b';
/** Instances enough that a pool is never the constraint. */
const SPARE = 12;
const HARDWARE = '8xa800';
/** The share of requests that must meet both SLOs: the simulator's effective-capacity criterion. */
export const SLO_SHARE = 0.9;

/**
 * A simulated cluster the planner can be driven by: each (prefill, decode, load) is replayed once
 * in the timed simulator (llama3-70b on 8xA800 nodes, disaggregated, no admission, so overload
 * shows as missed SLOs rather than refusals) and the figures a running cluster would measure are
 * read off the replay; the cost model gives per-instance throughput, as a profile does.
 */
export class SimulatedClusterProbe {
  readonly cost: CostModel;
  private readonly reports = new Map<string, TimedReplayReport>();
  private readonly capacities = new Map<'prefill' | 'decode', number>();

  constructor(readonly slo: SloTargets) {
    this.cost = new CostModel(MODEL_PRESETS[MODEL]!, NODE_PRESETS[HARDWARE]!, 512);
  }

  async replay(prefill: number, decode: number, requestsPerS: number): Promise<TimedReplayReport> {
    const key = `${prefill}/${decode}/${requestsPerS}`;
    const known = this.reports.get(key);
    if (known) return known;
    // Mooncake-format lines, evenly spaced: block 0 (the system prompt) shared by all, block 1 each request's own.
    const text = Array.from({ length: Math.round(TRACE_S * requestsPerS) }, (_, i) =>
      JSON.stringify({ timestamp: (i * 1000) / requestsPerS, input_length: INPUT_TOKENS, output_length: OUTPUT_TOKENS, hash_ids: [0, i + 1] }),
    ).join('\n');
    const options = expectOk(
      compileTimedReplayOptions({ architecture: 'disaggregated', model: MODEL, hardware: HARDWARE, prefillInstances: prefill, decodeInstances: decode, ttftSloMs: this.slo.ttftMs, tbtSloMs: this.slo.tbtMs }),
      'replay options',
    );
    const report = expectOk(await replayTimed(readTrace((async function* () { yield text; })()), options), 'replay');
    this.reports.set(key, report);
    return report;
  }

  async meetsSlo(prefill: number, decode: number, requestsPerS: number): Promise<boolean> {
    const report = await this.replay(prefill, decode, requestsPerS);
    return report.withinSlo >= SLO_SHARE * report.requests;
  }

  /**
   * The simulator's recommendation: the fewest prefill instances that meet the SLOs with decode
   * to spare, and the fewest decode instances with prefill to spare.
   */
  async recommend(requestsPerS: number, most = SPARE): Promise<{ prefill: number; decode: number }> {
    const fewest = async (meets: (n: number) => Promise<boolean>) => {
      for (let n = 1; n <= most; n++) if (await meets(n)) return n;
      throw new Error(`no count up to ${most} meets the SLOs at ${requestsPerS} requests/s`);
    };
    return {
      prefill: await fewest((n) => this.meetsSlo(n, most, requestsPerS)),
      decode: await fewest((n) => this.meetsSlo(most, n, requestsPerS)),
    };
  }

  /** What the slow loop measures: rate, uncached tokens (from the replay's cache hits) and each role's measured per-instance capacity. */
  async loadSignals(requestsPerS: number, prefill: number, decode: number): Promise<LoadSignals> {
    const report = await this.replay(prefill, decode, requestsPerS);
    const uncached = INPUT_TOKENS * report.blockSources.computed;
    return {
      requestsPerS,
      uncachedTokensPerRequest: uncached,
      outputTokensPerRequest: OUTPUT_TOKENS,
      prefillTokensPerSPerInstance: (await this.capacityRps('prefill')) * uncached,
      decodeTokensPerSPerInstance: (await this.capacityRps('decode')) * OUTPUT_TOKENS,
    };
  }

  /** What the fast loop measures with these replicas: the prefill queue (from TTFT beyond the prefill itself), inter-token latency, KV use. */
  async fastSignals(prefill: number, decode: number, requestsPerS: number): Promise<Required<FastSignals>> {
    const report = await this.replay(prefill, decode, requestsPerS);
    const uncached = INPUT_TOKENS * report.blockSources.computed;
    const tokensPerSPerInstance = (uncached / this.cost.prefillMs(INPUT_TOKENS, INPUT_TOKENS - uncached)) * 1000;
    const queuedMs = Math.max(0, report.ttftMs.p90 - this.cost.prefillMs(INPUT_TOKENS, INPUT_TOKENS - uncached));
    const inFlight = report.timeline.points.map((p) => p.decodeLoad ?? 0);
    const perDecode = inFlight.reduce((a, b) => a + b, 0) / Math.max(1, inFlight.length);
    return {
      prefill: { replicas: prefill, queuedUncachedTokens: (queuedMs / 1000) * tokensPerSPerInstance * prefill, tokensPerSPerInstance },
      decode: { replicas: decode, kvUsedRatio: Math.min(1, (perDecode * (INPUT_TOKENS + OUTPUT_TOKENS / 2)) / this.cost.kvCapacityTokens), interTokenLatencyMs: report.tbtMs.p90 },
    };
  }

  /**
   * One instance's measured capacity, as a profiling run finds it: the highest load (requests/s,
   * to 1 request/s) at which one instance of the role, the other pool oversized, meets the SLOs.
   */
  async capacityRps(role: InstanceRole): Promise<number> {
    const known = this.capacities.get(role);
    if (known !== undefined) return known;
    let low = 1;
    let high = 128;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.meetsSlo(role === 'prefill' ? 1 : SPARE, role === 'decode' ? 1 : SPARE, mid)) low = mid;
      else high = mid;
    }
    this.capacities.set(role, low);
    return low;
  }
}
