// Original file: libs/proto/proto/tsukimi/v1/decode.proto


export interface PrefetchRequest {
  'requestId'?: (string);
  /**
   * The prompt's full block keys, in order, as the conductor computed them for this instance's model.
   */
  'blockKeys'?: (string)[];
}

export interface PrefetchRequest__Output {
  'requestId': (string);
  /**
   * The prompt's full block keys, in order, as the conductor computed them for this instance's model.
   */
  'blockKeys': (string)[];
}
