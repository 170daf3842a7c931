/** Identifies one prefill or decode instance across the cluster. */
export type InstanceId = string & { readonly __brand: 'InstanceId' };

export type InstanceRole = 'prefill' | 'decode';

/** A prefill request queued or running on a prefill instance. */
export interface QueuedPrefill {
  readonly promptTokens: number;
  /** Prompt tokens whose KV it reuses rather than computes. */
  readonly reusedTokens: number;
}

/** One request in a decode instance's running batch. */
export interface DecodeWork {
  /** Tokens of KV it attends to now: prompt plus tokens generated so far. */
  readonly contextTokens: number;
  /** Tokens it may still generate (its limit less those generated): an upper bound on its remaining steps. */
  readonly remainingTokens: number;
}

/** What every TBT prediction on a decode instance reads of its running batch, summed once. */
export interface DecodeBatchLoad {
  readonly requests: number;
  /** Tokens of KV the batch attends to now, summed in batch order. */
  readonly contextTokens: number;
  /** The fewest tokens any request of the batch may still generate; Infinity for an empty batch. */
  readonly fewestRemainingTokens: number;
  /** Every request's context is a whole number of tokens, so that sums of them are exact in any order. */
  readonly wholeTokens: boolean;
}

/** What the scheduler knows about an instance at decision time. */
export interface InstanceSnapshot {
  readonly id: InstanceId;
  readonly role: InstanceRole;
  /** Answering probes and calls; a dead or draining instance gets no new requests. */
  readonly routable: boolean;
  /** Requests sent and not yet finished, as the conductor counts them. */
  readonly inFlightRequests: number;
  /** Prompt tokens of prefill requests sent and not yet answered. */
  readonly inFlightTokens: number;
  /** Prefill instances: the work queued ahead of a new request, when known; otherwise `inFlightTokens` stands in. */
  readonly queuedPrefills?: readonly QueuedPrefill[];
  /** Decode instances: the running batch, when known; otherwise `inFlightRequests` and `inFlightTokens` stand in. */
  readonly decodeBatch?: readonly DecodeWork[];
  /**
   * Decode instances: `decodeBatchLoad(decodeBatch)`, computed where the snapshot is built, so
   * that a snapshot judged by many decisions has its batch summed once rather than in each TBT
   * prediction of each decision. It must describe `decodeBatch`; absent, each prediction sums it.
   */
  readonly decodeBatchLoad?: DecodeBatchLoad;
  /**
   * Decode instances: the gap a client sees between a request's first token and its second (the
   * KV handoff and the wait to join the batch) that a request admitted now should expect, in the
   * terms of the TBT target admission judges against; absent when none is known. The conductor
   * gives the tail of the gaps seen lately at the load the request would make, or the longest of
   * the instance's last few while it is busy, and any still open for longer.
   */
  readonly handoffGapMs?: number;
}

export function instanceId(value: string): InstanceId {
  return value as InstanceId;
}
