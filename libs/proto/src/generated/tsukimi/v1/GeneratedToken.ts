// Original file: libs/proto/proto/tsukimi/v1/common.proto


/**
 * One generated token and the text it made showable. finish_reason is "" until the last token,
 * then "stop" or "length".
 */
export interface GeneratedToken {
  'token'?: (number);
  'text'?: (string);
  'finishReason'?: (string);
}

/**
 * One generated token and the text it made showable. finish_reason is "" until the last token,
 * then "stop" or "length".
 */
export interface GeneratedToken__Output {
  'token': (number);
  'text': (string);
  'finishReason': (string);
}
