// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface LeaveRequest {
  'nodeId'?: (string);
}

export interface LeaveRequest__Output {
  'nodeId': (string);
}
