// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface PrefillTiming {
  'promptTokens'?: (number);
  'reusedTokens'?: (number);
  'ms'?: (number | string);
}

export interface PrefillTiming__Output {
  'promptTokens': (number);
  'reusedTokens': (number);
  'ms': (number);
}
