// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface KeyOutcome {
  'key'?: (string);
  /**
   * "ok", "not-found", "leased", "pinned", "not-pending"
   */
  'status'?: (string);
}

export interface KeyOutcome__Output {
  'key': (string);
  /**
   * "ok", "not-found", "leased", "pinned", "not-pending"
   */
  'status': (string);
}
