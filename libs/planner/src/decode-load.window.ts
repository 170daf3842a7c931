import { nearestRank } from '@tsukimi/scheduler';
import { type InstanceLoad } from './instance.signals';

/** Token gaps kept between two fast ticks at most: beyond it the oldest go (a tick's percentile needs no more). */
const MAX_GAPS = 4096;
/** The quantile of a tick's token gaps the fast loop compares with the TBT SLO. */
export const ITL_QUANTILE = 0.9;

/** What the slow loop measures of decode over its window; each undefined until measured. */
export interface DecodeWindow {
  /** Mean generated tokens per request over the last finished requests (a moving window of them). */
  readonly outputTokensPerRequest: number | undefined;
  /** Tokens generated per second of a decode instance that had a batch: what one busy instance delivers. */
  readonly decodeTokensPerSPerInstance: number | undefined;
}

/**
 * Decode as the conductor measures it, not as a model predicts it: the gaps between the tokens it
 * sends (inter-token latency, per fast tick), the output length of each finished request (a moving
 * window of the last `windowRequests`), and how long decode instances had a batch (per slow window).
 * Tokens per busy instance-second is a floor on what one instance can deliver (a fuller batch
 * delivers more per step), so a pool sized by it errs on the large side.
 */
export class DecodeLoadWindow {
  private gaps: number[] = [];
  private readonly outputs: number[] = [];
  private outputSum = 0;
  private nextOutput = 0;
  private tokensSinceTake = 0;
  private busyInstanceMs = 0;

  constructor(private readonly windowRequests = 512) {}

  /** The gap before one generated token of a stream (not its first), in ms. */
  tokenGap(ms: number): void {
    this.tokensSinceTake += 1;
    if (this.gaps.length >= MAX_GAPS) this.gaps.shift();
    this.gaps.push(ms);
  }

  /** A request finished having generated `outputTokens` (its first token counts as generated here too). */
  requestFinished(outputTokens: number): void {
    if (outputTokens > 0) this.tokensSinceTake += 1;
    if (this.outputs.length < this.windowRequests) this.outputs.push(outputTokens);
    else {
      this.outputSum -= this.outputs[this.nextOutput]!;
      this.outputs[this.nextOutput] = outputTokens;
      this.nextOutput = (this.nextOutput + 1) % this.windowRequests;
    }
    this.outputSum += outputTokens;
  }

  /** At a fast tick, `intervalMs` after the last: the routable decode instances that had a batch were busy for it. */
  sampleBusy(instances: readonly InstanceLoad[], intervalMs: number): void {
    const busy = instances.filter((i) => i.role === 'decode' && i.routable && i.batchSize > 0).length;
    this.busyInstanceMs += busy * intervalMs;
  }

  /** The `ITL_QUANTILE` of the token gaps since the last call, then forgets them; undefined when no token went out. */
  takeInterTokenLatencyMs(): number | undefined {
    const gaps = this.gaps.sort((a, b) => a - b);
    this.gaps = [];
    return nearestRank(gaps, ITL_QUANTILE);
  }

  /** The slow window's measurements, then a new window for throughput (output lengths keep their moving window). */
  take(): DecodeWindow {
    const window = {
      outputTokensPerRequest: this.outputs.length > 0 ? this.outputSum / this.outputs.length : undefined,
      decodeTokensPerSPerInstance: this.busyInstanceMs > 0 ? this.tokensSinceTake / (this.busyInstanceMs / 1000) : undefined,
    };
    this.tokensSinceTake = 0;
    this.busyInstanceMs = 0;
    return window;
  }
}
