// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface NodeCommandMessage {
  /**
   * "demote" or "delete"
   */
  'kind'?: (string);
  'key'?: (string);
}

export interface NodeCommandMessage__Output {
  /**
   * "demote" or "delete"
   */
  'kind': (string);
  'key': (string);
}
