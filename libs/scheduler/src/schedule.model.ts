import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId, type InstanceSnapshot } from './instance.model';

/** One request as the scheduler sees it. */
export interface ScheduleRequest {
  readonly blockKeys: readonly BlockKey[];
  readonly promptTokens: number;
  readonly maxTokens: number;
}

/** Everything a policy may read: instances and where cached prefixes are. */
export interface ClusterSnapshot {
  readonly prefill: readonly InstanceSnapshot[];
  readonly decode: readonly InstanceSnapshot[];
  /** Leading blocks of `keys` cached in the instance's own memory. */
  cachedPrefixBlocks(instance: InstanceId, keys: readonly BlockKey[]): number;
}

export type RejectReason = 'no-prefill-instance' | 'no-decode-instance' | 'overloaded';

export type ScheduleDecision =
  | {
      readonly kind: 'route';
      readonly prefill: InstanceId;
      readonly decode: InstanceId;
      /** Blocks the chosen prefill instance already holds. */
      readonly cachedBlocks: number;
      readonly policy: string;
    }
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly retryAfterMs: number; readonly message: string };

/** Picks one instance of a role for a request, or none if no candidate fits. */
export interface InstancePicker {
  readonly name: string;
  pick(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], snapshot: ClusterSnapshot): InstanceId | undefined;
}
