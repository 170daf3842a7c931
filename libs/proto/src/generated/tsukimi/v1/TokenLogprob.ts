// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface TokenLogprob {
  'token'?: (number);
  'logprob'?: (number | string);
}

export interface TokenLogprob__Output {
  'token': (number);
  'logprob': (number);
}
