// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface LogitBias {
  'token'?: (number);
  /**
   * -100..100
   */
  'bias'?: (number | string);
}

export interface LogitBias__Output {
  'token': (number);
  /**
   * -100..100
   */
  'bias': (number);
}
