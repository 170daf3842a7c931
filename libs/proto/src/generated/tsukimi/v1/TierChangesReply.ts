// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface TierChangesReply {
  /**
   * "applied", "unchanged", "unknown-node", "contention"
   */
  'outcomes'?: (string)[];
}

export interface TierChangesReply__Output {
  /**
   * "applied", "unchanged", "unknown-node", "contention"
   */
  'outcomes': (string)[];
}
