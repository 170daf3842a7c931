// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface Replica {
  'nodeId'?: (string);
  /**
   * data-plane address
   */
  'host'?: (string);
  'port'?: (number);
  /**
   * "dram" or "ssd"
   */
  'tier'?: (string);
}

export interface Replica__Output {
  'nodeId': (string);
  /**
   * data-plane address
   */
  'host': (string);
  'port': (number);
  /**
   * "dram" or "ssd"
   */
  'tier': (string);
}
