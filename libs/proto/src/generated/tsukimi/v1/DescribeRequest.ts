// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface DescribeRequest {
  /**
   * The caller's cursor into this instance's device-tier log; empty epoch asks for the whole set.
   */
  'deviceEpoch'?: (string);
  'deviceAfterId'?: (number | string | Long);
}

export interface DescribeRequest__Output {
  /**
   * The caller's cursor into this instance's device-tier log; empty epoch asks for the whole set.
   */
  'deviceEpoch': (string);
  'deviceAfterId': (number);
}
