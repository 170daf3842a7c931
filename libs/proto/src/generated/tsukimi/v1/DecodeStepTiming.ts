// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface DecodeStepTiming {
  'batchSize'?: (number);
  'contextTokens'?: (number);
  'stepMs'?: (number | string);
}

export interface DecodeStepTiming__Output {
  'batchSize': (number);
  'contextTokens': (number);
  'stepMs': (number);
}
