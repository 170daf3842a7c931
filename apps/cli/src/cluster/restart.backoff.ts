/** How a dead service's restarts are spaced. */
export interface RestartBackoffSettings {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** A service up this long since its last start counts as healthy: its next death starts over at the first delay. */
  readonly healthyAfterMs: number;
}

export const RESTART_BACKOFF: RestartBackoffSettings = { firstDelayMs: 500, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

/**
 * Exponential backoff for one service: the first restart after `firstDelayMs`, each further one
 * twice as late up to `maxDelayMs`, so a service that dies at start-up does not spin; one that ran
 * healthily for a while before dying is restarted promptly again.
 */
export class RestartBackoff {
  private attempts = 0;
  private startedAtMs: number | undefined;

  constructor(private readonly settings: RestartBackoffSettings = RESTART_BACKOFF) {}

  /** The service (re)started at `nowMs`. */
  started(nowMs: number): void {
    this.startedAtMs = nowMs;
  }

  /** The service died at `nowMs`: which restart this is (1 for the first) and how long to wait before it. */
  next(nowMs: number): { readonly attempt: number; readonly delayMs: number } {
    const s = this.settings;
    if (this.startedAtMs !== undefined && nowMs - this.startedAtMs >= s.healthyAfterMs) this.attempts = 0;
    this.startedAtMs = undefined;
    this.attempts += 1;
    return { attempt: this.attempts, delayMs: Math.min(s.maxDelayMs, s.firstDelayMs * 2 ** (this.attempts - 1)) };
  }
}
