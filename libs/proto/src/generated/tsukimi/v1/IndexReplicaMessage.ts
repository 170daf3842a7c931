// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface IndexReplicaMessage {
  'key'?: (string);
  'nodeId'?: (string);
  'tier'?: (string);
}

export interface IndexReplicaMessage__Output {
  'key': (string);
  'nodeId': (string);
  'tier': (string);
}
