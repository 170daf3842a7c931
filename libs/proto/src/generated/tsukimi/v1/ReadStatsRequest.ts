// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface ReadStatsRequest {
  /**
   * blocks whose decayed hits are wanted; may be empty
   */
  'keys'?: (string)[];
}

export interface ReadStatsRequest__Output {
  /**
   * blocks whose decayed hits are wanted; may be empty
   */
  'keys': (string)[];
}
