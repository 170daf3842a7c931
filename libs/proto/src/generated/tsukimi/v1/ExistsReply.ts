// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface ExistsReply {
  'exists'?: (boolean)[];
}

export interface ExistsReply__Output {
  'exists': (boolean)[];
}
