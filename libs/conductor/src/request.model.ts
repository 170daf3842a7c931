import { type FinishReason, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { type ChosenBy, type InstanceId, type PrefillBranch, type PriorityClass, type RejectReason } from '@tsukimi/scheduler';
import { type PlanOutcome, type PrefillPlan, type TokenReuse } from '@tsukimi/serving';
import { type RunChoice } from './disaggregation/run-choice.policy';
import { type PrefixWait } from './in-flight/prefix-waiter';
import { type ReuseProvenance } from './cache-audit/prefill.audit';

export interface ConductorRequest {
  readonly requestId: string;
  /** The model the request names: only instances serving it are considered. */
  readonly modelId: string;
  /**
   * A LoRA adapter of that model: only instances that have it loaded are considered, and the
   * block keys the run is given must be the adapter's (`adapterModelKey`).
   */
  readonly adapter?: string;
  readonly promptTokens: readonly number[];
  /** The namespace of the request's block keys: requests reuse KV blocks only of requests with the same salt. */
  readonly tenantSalt: string;
  /** The tenant's id, the name its fair share is counted under; absent, the salt names the tenant. */
  readonly tenant?: string;
  readonly generation: GenerationParams;
  /** `normal` when absent. */
  readonly priority?: PriorityClass;
  /** Turns of one conversation share it, so they land where the previous turn's KV is. */
  readonly sessionId?: string;
  /**
   * Prefill here when the instance is routable: a sibling choice of the same prompt has just
   * left the prompt's blocks in its memory. The scheduler still picks decode, and admission.
   */
  readonly prefillInstance?: InstanceId;
}

/** The name a request's fair share is counted under. */
export function tenantOf(request: Pick<ConductorRequest, 'tenant' | 'tenantSalt'>): string {
  return request.tenant ?? request.tenantSalt;
}

/** Where the request's KV came from and who served it. */
export interface RequestProvenance {
  readonly prefillInstance: string;
  readonly decodeInstance: string | undefined;
  readonly reusedTokens: TokenReuse;
  readonly computedTokens: number;
  readonly ttftMs: number;
  /** What the scheduler expected, when it had estimators: TTFT and the branch of Algorithm 1 it took. */
  readonly estimate?: { readonly ttftMs: number; readonly branch: PrefillBranch; readonly policy: string; readonly chosenBy: ChosenBy };
  /** The plan the prefill instance was given, and whether it followed it or why it fell back. */
  readonly plan?: { readonly given: PrefillPlan | undefined; readonly outcome: PlanOutcome };
  /** Whether a prefill instance computed the prompt or the decode instance ran the whole request, and why; absent without a rule. */
  readonly disaggregation?: RunChoice;
  /** Present when the request waited for another request's prefill computing its prefix. */
  readonly waited?: PrefixWait;
  /** Decode instances lost mid-stream, in order, each followed by a resume on the next (the last on `decodeInstance`). */
  readonly decodeMigrations?: readonly DecodeMigration[];
  /** The cached tokens predicted for the prefill instance, by tier, and whether its cache is trusted; present when the conductor audits reuse. */
  readonly audit?: ReuseProvenance;
}

/** A decode instance the request left mid-stream, and how many tokens had been generated (the first included) when it did. */
export interface DecodeMigration {
  readonly fromInstance: string;
  readonly afterTokens: number;
}

export interface RequestSummary {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly finishReason: FinishReason;
  /** Prompt tokens whose KV was reused from any cache tier. */
  readonly cachedTokens: number;
  readonly provenance: RequestProvenance;
}

export type PipelineFailure =
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly retryAfterMs: number; readonly message: string }
  | { readonly kind: 'prefill-failed'; readonly message: string }
  | { readonly kind: 'decode-failed'; readonly message: string; readonly tokensSent: number };

/** Receives the tokens as they are produced; the last carries a finish reason. */
export interface TokenSink {
  /** Told as each prefill call goes out, before its answer; a retry elsewhere tells again. */
  dispatched?(instance: InstanceId): void;
  /** Told once, before the first token, which prefill instance computed the prompt. */
  prefilled?(instance: InstanceId): void;
  token(token: GeneratedToken): void;
}
