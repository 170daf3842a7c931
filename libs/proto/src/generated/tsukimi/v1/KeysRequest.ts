// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface KeysRequest {
  'keys'?: (string)[];
}

export interface KeysRequest__Output {
  'keys': (string)[];
}
