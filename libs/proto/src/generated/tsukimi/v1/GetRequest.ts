// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface GetRequest {
  'keys'?: (string)[];
  /**
   * 0 = the pool's default
   */
  'leaseMs'?: (number);
}

export interface GetRequest__Output {
  'keys': (string)[];
  /**
   * 0 = the pool's default
   */
  'leaseMs': (number);
}
