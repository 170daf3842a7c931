// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { TierStats as _tsukimi_v1_TierStats, TierStats__Output as _tsukimi_v1_TierStats__Output } from '../../tsukimi/v1/TierStats';
import type { Long } from '@grpc/proto-loader';

export interface StatsReply {
  'tiers'?: (_tsukimi_v1_TierStats)[];
  'completeBlocks'?: (number | string | Long);
  'pendingBlocks'?: (number | string | Long);
}

export interface StatsReply__Output {
  'tiers': (_tsukimi_v1_TierStats__Output)[];
  'completeBlocks': (number);
  'pendingBlocks': (number);
}
