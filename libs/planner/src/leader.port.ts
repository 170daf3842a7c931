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

/**
 * Leadership held as a lease that the candidate drives: `renew` every third of the lease, `release`
 * at shutdown. The holder counts itself leader only until two thirds of the lease after its last
 * successful renewal began, so one cut off from the lease's store stops acting before another
 * candidate can take the lease over.
 */
export interface LeaderLease extends LeaderPort {
  /** Takes the lease if free or lapsed, or extends it if held. Never rejects: a store that cannot be reached leaves leadership to lapse on its own. */
  renew(): Promise<void>;
  /** Gives the lease up if held, so another candidate need not wait it out. Never rejects. */
  release(): Promise<void>;
}
