// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface GetRequest {
  'keys'?: (string)[];
  /**
   * 0 = the pool's default
   */
  'leaseMs'?: (number);
  /**
   * 0 = answer at once
   */
  'waitMs'?: (number);
}

export interface GetRequest__Output {
  'keys': (string)[];
  /**
   * 0 = the pool's default
   */
  'leaseMs': (number);
  /**
   * 0 = answer at once
   */
  'waitMs': (number);
}
