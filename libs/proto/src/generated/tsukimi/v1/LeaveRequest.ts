// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface LeaveRequest {
  'nodeId'?: (string);
  /**
   * Above 0: move the node's blocks to other nodes for up to this long before dropping its replicas.
   */
  'drainBudgetMs'?: (number);
}

export interface LeaveRequest__Output {
  'nodeId': (string);
  /**
   * Above 0: move the node's blocks to other nodes for up to this long before dropping its replicas.
   */
  'drainBudgetMs': (number);
}
