// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface TierStats {
  'nodeId'?: (string);
  'tier'?: (string);
  'usedBytes'?: (number | string | Long);
  'capacityBytes'?: (number | string | Long);
  'blocks'?: (number | string | Long);
}

export interface TierStats__Output {
  'nodeId': (string);
  'tier': (string);
  'usedBytes': (number);
  'capacityBytes': (number);
  'blocks': (number);
}
