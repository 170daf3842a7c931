// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


export interface PrefillStored {
  'storedBlocks'?: (number);
  /**
   * the pool did not take them: decode recomputes what it cannot load
   */
  'storeFailed'?: (boolean);
  'transferMs'?: (number | string);
}

export interface PrefillStored__Output {
  'storedBlocks': (number);
  /**
   * the pool did not take them: decode recomputes what it cannot load
   */
  'storeFailed': (boolean);
  'transferMs': (number);
}
