/** Identifies one prefill or decode instance across the cluster. */
export type InstanceId = string & { readonly __brand: 'InstanceId' };

export type InstanceRole = 'prefill' | 'decode';

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
}

export function instanceId(value: string): InstanceId {
  return value as InstanceId;
}
