import { CallWindow } from './call-window';
import { type CallOutcome, type CircuitOptions, type CircuitReason, type CircuitState, type CircuitTransition } from './circuit.options';

/**
 * One instance's circuit. Closed, every call goes through and its outcome is counted; it opens
 * on the error rate over a sliding window (once enough calls were counted) or on timeouts in a
 * row. Open, no call goes through until the cool-down has passed; then it is half-open and lets
 * one trial through (a probe or a request, whichever asks first): the next outcome recorded
 * closes it on success or opens it again on failure. Pure: time comes from the clock it is given.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private readonly window: CallWindow;
  private timeoutsInRow = 0;
  private openedAtMs = 0;
  private trialTaken = false;

  constructor(
    private readonly options: CircuitOptions,
    private readonly monotonicMs: () => number,
  ) {
    this.window = new CallWindow(options.windowMs);
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call would go through now, the trial not taken. */
  get passable(): boolean {
    return this.current === 'closed' || (this.current === 'half-open' && !this.trialTaken);
  }

  /** An open circuit past its cool-down becomes half-open; whoever routes or probes calls this before asking. */
  advance(): CircuitTransition | undefined {
    if (this.current !== 'open' || this.monotonicMs() - this.openedAtMs < this.options.coolDownMs) return undefined;
    return this.move('half-open', 'cool-down');
  }

  /** Lets a call through: always when closed, never when open; when half-open, once (the caller's call is the trial). */
  tryPass(): boolean {
    if (!this.passable) return false;
    if (this.current === 'half-open') this.trialTaken = true;
    return true;
  }

  /**
   * How a call ended. Half-open, any outcome decides (a call begun before the circuit opened
   * tells as much of the instance as the trial does); open, outcomes are not counted.
   */
  record(outcome: CallOutcome): CircuitTransition | undefined {
    if (this.current === 'half-open') return outcome === 'success' ? this.move('closed', 'trial-succeeded') : this.move('open', 'trial-failed');
    if (this.current === 'open') return undefined;
    const nowMs = this.monotonicMs();
    this.window.record(nowMs, outcome !== 'success');
    if (outcome === 'timeout') this.timeoutsInRow++;
    else if (outcome === 'success') this.timeoutsInRow = 0;
    if (this.timeoutsInRow >= this.options.consecutiveTimeouts) return this.move('open', 'timeouts');
    const { calls, failures } = this.window.totals(nowMs);
    if (calls >= this.options.minCalls && failures >= calls * this.options.errorRate) return this.move('open', 'error-rate');
    return undefined;
  }

  private move(to: CircuitState, reason: CircuitReason): CircuitTransition {
    const from = this.current;
    this.current = to;
    this.trialTaken = false;
    this.timeoutsInRow = 0;
    this.window.clear();
    if (to === 'open') this.openedAtMs = this.monotonicMs();
    return { from, to, reason };
  }
}
