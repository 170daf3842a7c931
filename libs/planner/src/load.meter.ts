import { DecodeLoadWindow } from './decode-load.window';

/**
 * The slow loop's load over its window: requests scheduled, and the uncached prompt tokens seen
 * queued at prefill instances (sampled each fast tick, as the conductor sees them). Reset by
 * `take`, so each slow tick reads the window since the last.
 */
export class LoadMeter {
  /** Decode measured: token gaps for the fast loop, output lengths and busy-instance throughput for the slow one. */
  readonly decode = new DecodeLoadWindow();
  private requests = 0;
  private uncachedTokenSamples = 0;
  private uncachedTokenSum = 0;
  private sinceMs: number;

  constructor(nowMs: number) {
    this.sinceMs = nowMs;
  }

  requestScheduled(): void {
    this.requests += 1;
  }

  /**
   * Queued prefills' uncached tokens as seen at a tick (`requests` of them, `tokens` in all). A
   * long prefill is seen at more ticks than a short one, so the mean leans long: on the safe side.
   */
  sampleUncachedTokens(tokens: number, requests = 1): void {
    this.uncachedTokenSamples += requests;
    this.uncachedTokenSum += tokens;
  }

  /** Requests per second and mean uncached tokens per request since the last take; undefined for an empty window. */
  take(nowMs: number): { readonly requestsPerS: number; readonly uncachedTokensPerRequest: number | undefined } | undefined {
    const spanMs = nowMs - this.sinceMs;
    const window = spanMs > 0 ? { requestsPerS: (this.requests * 1000) / spanMs, uncachedTokensPerRequest: this.uncachedTokenSamples > 0 ? this.uncachedTokenSum / this.uncachedTokenSamples : undefined } : undefined;
    this.requests = 0;
    this.uncachedTokenSamples = 0;
    this.uncachedTokenSum = 0;
    this.sinceMs = nowMs;
    return window;
  }
}
