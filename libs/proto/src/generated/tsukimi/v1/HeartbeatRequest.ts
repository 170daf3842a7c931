// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'nodeId'?: (string);
  /**
   * data-plane address; empty for a member that serves no bytes
   */
  'dataHost'?: (string);
  'dataPort'?: (number);
  /**
   * by tier: "device", "dram", "ssd"
   */
  'capacityBytes'?: ({[key: string]: number | string | Long});
  'usedBytes'?: ({[key: string]: number | string | Long});
}

export interface HeartbeatRequest__Output {
  'nodeId': (string);
  /**
   * data-plane address; empty for a member that serves no bytes
   */
  'dataHost': (string);
  'dataPort': (number);
  /**
   * by tier: "device", "dram", "ssd"
   */
  'capacityBytes': ({[key: string]: number});
  'usedBytes': ({[key: string]: number});
}
