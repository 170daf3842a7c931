// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface ReconcileReply {
  'known'?: (boolean);
  'corrected'?: (number);
  'dropped'?: (number);
}

export interface ReconcileReply__Output {
  'known': (boolean);
  'corrected': (number);
  'dropped': (number);
}
