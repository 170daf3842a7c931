/**
 * Whether this replica of the conductor may act. When the conductor is replicated every replica
 * plans and reports its metrics, but only the leader writes replicas.
 */
export interface LeaderPort {
  /** True while this replica holds leadership; false once it may have lost it (a lapsed renewal). */
  isLeader(): boolean;
}

/** A lone conductor always leads. */
export const ALWAYS_LEADER: LeaderPort = { isLeader: () => true };
