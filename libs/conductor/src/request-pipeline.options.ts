import { type Scheduler } from '@tsukimi/scheduler';
import { type Clock } from '@tsukimi/telemetry';
import { type DecodeMigrationOutcome } from './decode-migration/decode-migration.policy';
import { type RunChoiceRule } from './disaggregation/run-choice.policy';
import { type DecodeGateway, type GatewayFailure, type PrefillGateway } from './gateway.ports';
import { type PrefixWaitRule } from './in-flight/prefix-wait.policy';
import { type PrefixRequest } from './warm/prefix-demand';
import { type InstanceRegistry } from './instance.registry';
import { type SchedulingMetrics } from './scheduling-metrics.port';
import { type RetryPhase } from './retry/phase-retry.policy';
import { type SharedSessions } from './session/shared.sessions';
import { type ReuseAudit } from './cache-audit/reuse.audit';

/** What a request pipeline runs on: the scheduler, the instances and their gateways, and the choices a deployment makes. */
export interface PipelineOptions {
  /** With `prefillMs`, waits for an in-flight prefix are judged by cost; without it, always taken. */
  readonly scheduler: Pick<Scheduler, 'decide' | 'decideLocal'> & Partial<Pick<Scheduler, 'prefillMs'>>;
  readonly registry: InstanceRegistry;
  readonly prefill: PrefillGateway;
  readonly decode: DecodeGateway;
  readonly clock: Clock;
  /**
   * Instances tried for one phase before the request fails, at the least: where the role has more
   * instances, each may be tried once, since one found unreachable is marked down and skipped after.
   */
  readonly attemptsPerPhase: number;
  /** Told what each prefill fetched from the pool and how long that took, for learning transfer costs. */
  readonly onPoolFetch?: (fetch: { readonly dramBlocks: number; readonly ssdBlocks: number; readonly ms: number }) => void;
  /** Told each request's estimated and actual time to first token, for calibrating the estimates. */
  readonly onTtft?: (estimatedMs: number, actualMs: number) => void;
  /**
   * Told, as each stream ends, the step model's own figure for its gap when it was admitted (before
   * gap calibration: `decodeStepModelMs`) and the longest gap between its tokens after the second.
   */
  readonly onTbt?: (modelledStepMs: number, longestGapMs: number) => void;
  /** Told every decision's branch and time, and the estimated TTFT of each request that got its first token. */
  readonly scheduling?: SchedulingMetrics;
  /** Whether to disaggregate each request, or run it whole on its decode instance; absent: every request is disaggregated. */
  readonly disaggregation?: RunChoiceRule;
  /**
   * Overlapped KV streaming: the decode instance starts loading the prompt's blocks as the prefill
   * call goes out, and is called as soon as the first token is out rather than once every block is stored.
   */
  readonly overlapKv?: boolean;
  /** Told every request's prompt prefix once, as it arrives, for measuring each prefix's demand (warm copies of hot ones). */
  readonly onPrefixDemand?: (demand: PrefixRequest) => void;
  /** Whether a request sharing a prefix with one still being prefilled waits for its blocks; absent: never. */
  readonly prefixWait?: PrefixWaitRule;
  /**
   * Whether a request whose decode instance is lost after it sent tokens resumes on another decode
   * instance after them; absent or false: the request ends with an error.
   */
  readonly decodeMigration?: boolean;
  /** Told what became of each request whose decode instance failed after it had sent tokens. */
  readonly onDecodeMigration?: (outcome: DecodeMigrationOutcome) => void;
  /** Told each retry of a phase on another instance, with the failure that caused it. */
  readonly onRetry?: (phase: RetryPhase, failure: GatewayFailure['kind']) => void;
  /** The session store conductor replicas share, kept in step with the scheduler's session map; absent: sessions stick within this conductor. */
  readonly sessions?: Pick<SharedSessions, 'recall' | 'remember'>;
  /**
   * Audits each prefill's reuse against the cached tokens predicted for it, and hides the caches of
   * instances it no longer trusts from scoring; absent: no audit, every cache counts.
   */
  readonly cacheAudit?: ReuseAudit;
}
