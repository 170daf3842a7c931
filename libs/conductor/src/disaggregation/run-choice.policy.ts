import { type TtftEstimate } from '@tsukimi/scheduler';

/** `never`: every request runs whole on its decode instance; `always`: every one is disaggregated; `auto`: by cost, per request. */
export const DISAGGREGATION_MODES = ['never', 'always', 'auto'] as const;
export type DisaggregationMode = (typeof DISAGGREGATION_MODES)[number];

/**
 * Why a request runs where it does. `never` and `always`: the mode said so. Under `auto`,
 * `no-prefill`: no prefill instance is routable, so the decode instance runs it. By cost (`auto`):
 * `decode-busy`, the decode instance has no room for a prompt beside its batch;
 * `short-uncached`, what the decode instance cannot load is short enough to compute there;
 * `prefill-busy`, computing it on the decode instance ends before the prefill pool would;
 * `long-uncached`, none of these: the prefill pool computes it.
 */
export type RunReason = 'never' | 'always' | 'no-prefill' | 'decode-busy' | 'short-uncached' | 'prefill-busy' | 'long-uncached';
export const RUN_REASONS: readonly RunReason[] = ['never', 'always', 'no-prefill', 'decode-busy', 'short-uncached', 'prefill-busy', 'long-uncached'];

/** The run a reason leads to: each reason belongs to one. */
export function runOf(reason: RunReason): RunChoice['run'] {
  return reason === 'never' || reason === 'no-prefill' || reason === 'short-uncached' || reason === 'prefill-busy' ? 'local' : 'disaggregated';
}

/** `local`: the decode instance computes the prompt itself; `disaggregated`: a prefill instance does and hands the KV over. */
export interface RunChoice {
  readonly run: 'local' | 'disaggregated';
  readonly reason: RunReason;
}

export interface RunChoiceRule {
  readonly mode: DisaggregationMode;
  /** Under `auto`, prompts with at most this many tokens the decode instance cannot load run there. */
  readonly maxLocalPrefillTokens: number;
  /** The decode instance's time-between-tokens target: a predicted TBT at or past it leaves no room for a prompt. */
  readonly tbtSloMs: number;
}

/** What the scheduler decided and where the prompt's prefix is, as the choice needs it. */
export interface RunChoiceInput {
  readonly promptTokens: number;
  /** Leading prompt tokens the decode instance can load rather than compute: its own memory, or the pool. */
  readonly loadableTokens: number;
  /** The chosen prefill instance's TTFT estimate, when the scheduler has estimators. */
  readonly prefillEstimate?: Pick<TtftEstimate, 'ttftMs' | 'prefillMs' | 'transferMs' | 'reusedBlocks'>;
  readonly blockSizeTokens: number;
  /** Predicted TBT of the chosen decode instance with this request, when the decode profile predicts it. */
  readonly decodeTbtMs?: number;
}

/**
 * Disaggregate or not, for one request. By cost: the decode instance computes the prompt when it
 * has room and either the part it cannot load is short, or computing it there (the prefill
 * instance's compute time, scaled by the tokens left to compute, plus the same transfer) beats the
 * prefill instance's whole estimate, queue included: the prefill pool is busy. A local run also
 * saves the KV handoff between instances, which the estimate does not count; ties still go to
 * the prefill pool, which keeps prompt compute off the decode batch.
 */
export function chooseRun(rule: RunChoiceRule, input: RunChoiceInput): RunChoice {
  const reason = reasonFor(rule, input);
  return { run: runOf(reason), reason };
}

/** The relative difference below which local and disaggregated compute times count as equal. */
const TIE_TOLERANCE = 1e-9;

function reasonFor(rule: RunChoiceRule, input: RunChoiceInput): RunReason {
  if (rule.mode === 'never' || rule.mode === 'always') return rule.mode;
  if (input.decodeTbtMs !== undefined && input.decodeTbtMs >= rule.tbtSloMs) return 'decode-busy';
  const localTokens = Math.max(0, input.promptTokens - input.loadableTokens);
  if (localTokens <= rule.maxLocalPrefillTokens) return 'short-uncached';
  const estimate = input.prefillEstimate;
  if (estimate) {
    const prefillTokens = Math.max(1, input.promptTokens - estimate.reusedBlocks * input.blockSizeTokens);
    const share = localTokens / prefillTokens;
    const localMs = (share === 1 ? estimate.prefillMs : estimate.prefillMs * share) + (input.loadableTokens > 0 ? estimate.transferMs : 0);
    // Local wins only by more than rounding: an idle prefill pool's estimate is its compute time alone, a tie.
    if (localMs < estimate.ttftMs * (1 - TIE_TOLERANCE)) return 'prefill-busy';
  }
  return 'long-uncached';
}
