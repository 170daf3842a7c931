// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface LeaveReply {
  'droppedReplicas'?: (number);
  'droppedBlocks'?: (number);
}

export interface LeaveReply__Output {
  'droppedReplicas': (number);
  'droppedBlocks': (number);
}
