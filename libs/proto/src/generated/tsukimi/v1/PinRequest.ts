// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface PinRequest {
  'keys'?: (string)[];
  /**
   * "soft" or "hard"
   */
  'kind'?: (string);
  /**
   * soft pins only
   */
  'ttlMs'?: (number);
}

export interface PinRequest__Output {
  'keys': (string)[];
  /**
   * "soft" or "hard"
   */
  'kind': (string);
  /**
   * soft pins only
   */
  'ttlMs': (number);
}
