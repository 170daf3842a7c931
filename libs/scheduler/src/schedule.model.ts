import { type BlockKey } from '@tsukimi/kv-block';
import { type PriorityClass } from './admission/priority-class.model';
import { type TtftEstimate } from './estimators/ttft.estimate';
import { type PrefixLocation, type PrefixLookup } from './index/prefix-location.model';
import { type InstanceId, type InstanceSnapshot } from './instance.model';

/** One request as the scheduler sees it. */
export interface ScheduleRequest {
  /**
   * The prompt's block keys as text. May be a getter that spells them on first read
   * (`requestWithKeySequence`): with `blockKeyWords` present, a decision reads only the keys it
   * hands back (the blocks to migrate) and an index without `matchWords` reads them all.
   */
  readonly blockKeys: readonly BlockKey[];
  /**
   * The same keys as numbers, high then low 32 bits per block (`BlockKeyHasher.keyWords`), when
   * the caller hashed the prompt itself: the prefix lookup then reads them instead of parsing
   * each key's hex.
   */
  readonly blockKeyWords?: Uint32Array;
  readonly promptTokens: number;
  readonly maxTokens: number;
  /** Who sends it, for fair shares under load. */
  readonly tenant?: string;
  /** `normal` when absent. */
  readonly priority?: PriorityClass;
  /** A conversation whose turns should land where the previous turn's KV is. */
  readonly sessionId?: string;
}

/** Everything a policy may read: instances and where cached prefixes are. */
export interface ClusterSnapshot {
  readonly prefill: readonly InstanceSnapshot[];
  readonly decode: readonly InstanceSnapshot[];
  /** Leading blocks of `keys` cached in the instance's own memory. */
  cachedPrefixBlocks(instance: InstanceId, keys: readonly BlockKey[]): number;
  /** Every tier's cached prefixes (instances' memory, pool DRAM and SSD); without it only `cachedPrefixBlocks` is seen. */
  readonly prefixes?: PrefixLookup;
  /** Requests in flight per tenant, for fair shares; without it no tenant is over its share. */
  readonly tenantInFlightRequests?: ReadonlyMap<string, number>;
}

/** `policy`: the profile's scorers and picker; `session-affinity`: the session's previous instance, kept by the `session-affinity` filter. */
export type ChosenBy = 'policy' | 'session-affinity';

export type RejectReason =
  | 'no-prefill-instance'
  | 'no-decode-instance'
  | 'overloaded'
  /** The best prefill instance's estimated TTFT is past the target. */
  | 'prefill-overloaded'
  /** No decode instance keeps its TBT under the target with this request added. */
  | 'decode-overloaded'
  /** The cluster is busy and this tenant holds more than its fair share of it. */
  | 'tenant-over-share';

/** Blocks to copy to the chosen prefill instance before it computes: how a hot prefix gets replicated. */
export interface Migration {
  /** In prompt order; the chosen instance already holds every key before the first. */
  readonly keys: readonly BlockKey[];
  readonly from: PrefixLocation;
}

export type ScheduleDecision =
  | {
      readonly kind: 'route';
      readonly prefill: InstanceId;
      readonly decode: InstanceId;
      /** Blocks the chosen prefill instance already holds. */
      readonly cachedBlocks: number;
      readonly policy: string;
      /** The chosen instance's TTFT estimate and its parts, when the scheduler has estimators. */
      readonly estimate?: TtftEstimate;
      /** Present when the prefix is fetched from elsewhere rather than recomputed. */
      readonly migrate?: Migration;
      /** Predicted time between tokens on the chosen decode instance, when the decode policy predicts it. */
      readonly decodeTbtMs?: number;
      /** The step model's own figure behind `decodeTbtMs`, before gap calibration: what the gaps the stream then sees are compared with. */
      readonly decodeStepModelMs?: number;
      /** What made the prefill choice. */
      readonly chosenBy: ChosenBy;
    }
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly retryAfterMs: number; readonly message: string };

/** A decode instance for a request it runs whole, computing the prompt itself; no prefill instance is chosen. */
export type LocalDecision =
  | {
      readonly kind: 'local';
      readonly decode: InstanceId;
      /** Predicted time between tokens on the chosen decode instance, when the decode policy predicts it. */
      readonly decodeTbtMs?: number;
      /** The step model's own figure behind `decodeTbtMs`, before gap calibration: what the gaps the stream then sees are compared with. */
      readonly decodeStepModelMs?: number;
      /** The decode profile that chose it. */
      readonly policy: string;
      /** Its time to first token on that instance, run whole there; absent without estimators. */
      readonly estimate?: TtftEstimate;
    }
  | Extract<ScheduleDecision, { kind: 'reject' }>;
