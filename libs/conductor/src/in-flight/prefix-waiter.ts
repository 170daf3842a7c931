import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId, type PrefixLookup, type ScheduleRequest } from '@tsukimi/scheduler';
import { type Clock } from '@tsukimi/telemetry';
import { InFlightPrefixTable } from './in-flight-prefix.table';
import { choosePrefixWait, type PrefixWaitOutcome, type PrefixWaitRule } from './prefix-wait.policy';

/** A wait for a prefix another request's prefill was computing: how long, for how many blocks, whose, and how it ended. */
export interface PrefixWait {
  readonly ms: number;
  readonly blocks: number;
  readonly requestId: string;
  readonly outcome: PrefixWaitOutcome;
}

export interface PrefixWaiterOptions {
  readonly rule: PrefixWaitRule;
  /** Where the prompt's blocks are cached already: waiting gains only past them. */
  readonly prefixes: PrefixLookup;
  /** The scheduler's estimate of computing a prompt past a reused prefix; without it every wait is taken. */
  readonly prefillMs?: (promptTokens: number, reusedTokens: number) => number | undefined;
  readonly clock: Clock;
  /** Told how each wait ended. */
  readonly onWaited?: (outcome: PrefixWaitOutcome) => void;
}

/**
 * Lets a request wait for the blocks another request's prefill is computing rather than compute
 * them again: prefill calls are tracked while they are out, and a request whose prompt shares a
 * prefix with one of them waits, when the rule says so, until that call ends or the bound passes.
 */
export class PrefixWaiter {
  private readonly table = new InFlightPrefixTable();

  constructor(private readonly o: PrefixWaiterOptions) {}

  /**
   * A prefill call going out, expected to answer at `readyAtMs`; the returned function ends it
   * (`true`: answered, its blocks already recorded as held) and must be called exactly once.
   */
  track(requestId: string, instance: InstanceId, keys: readonly BlockKey[], readyAtMs: number | undefined): (answered: boolean) => void {
    return this.table.begin(requestId, instance, keys, readyAtMs);
  }

  /**
   * Waits, when waiting is estimated cheaper than the `computeNowMs` the scheduler estimated, for
   * the prefill computing the longest run of the prompt's blocks; undefined when it did not wait.
   */
  async waitFor(request: ScheduleRequest, computeNowMs: number | undefined, blockSizeTokens: number): Promise<PrefixWait | undefined> {
    if (request.blockKeys.length === 0) return undefined;
    const inFlight = this.table.longestRun(request.blockKeys);
    if (!inFlight) return undefined;
    const nowMs = this.o.clock.monotonicMs();
    const choice = choosePrefixWait(this.o.rule, {
      nowMs,
      inFlightBlocks: inFlight.blocks,
      readyAtMs: inFlight.readyAtMs,
      cachedBlocks: this.o.prefixes.match(request.blockKeys).longestBlocks,
      computeNowMs,
      suffixMs: this.o.prefillMs?.(request.promptTokens, inFlight.blocks * blockSizeTokens),
    });
    if (!choice.wait) return undefined;
    const outcome = await settledWithin(inFlight.settled, choice.boundMs);
    this.o.onWaited?.(outcome);
    return { ms: this.o.clock.monotonicMs() - nowMs, blocks: inFlight.blocks, requestId: inFlight.requestId, outcome };
  }
}

/** How a prefill in flight ended, or `timed-out` when it had not within `boundMs`. */
async function settledWithin(settled: Promise<boolean>, boundMs: number): Promise<PrefixWaitOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<PrefixWaitOutcome>((resolve) => (timer = setTimeout(() => resolve('timed-out'), boundMs)));
  try {
    return await Promise.race([settled.then((answered): PrefixWaitOutcome => (answered ? 'answered' : 'failed')), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
