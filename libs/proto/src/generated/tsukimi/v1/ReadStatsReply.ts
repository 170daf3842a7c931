// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadStatsReply {
  /**
   * share of keys traced; 0: the master records no reuse distances
   */
  'sampleRate'?: (number | string);
  /**
   * sampled reads of a block not read before (or forgotten)
   */
  'coldReads'?: (number | string | Long);
  /**
   * [0]: sampled reads at distance 0; [i]: at scaled distance in [2^(i-1), 2^i) blocks.
   */
  'distanceCounts'?: (number | string | Long)[];
  /**
   * decayed hits of each key asked about, in order
   */
  'hits'?: (number | string)[];
  /**
   * mean size of the blocks read; 0 before the first
   */
  'meanBlockBytes'?: (number | string);
  /**
   * live members with a DRAM budget
   */
  'storageNodes'?: (number);
  /**
   * their mean DRAM budget
   */
  'dramBytesPerNode'?: (number | string | Long);
  /**
   * their mean SSD budget (a node without an SSD tier counts 0)
   */
  'ssdBytesPerNode'?: (number | string | Long);
}

export interface ReadStatsReply__Output {
  /**
   * share of keys traced; 0: the master records no reuse distances
   */
  'sampleRate': (number);
  /**
   * sampled reads of a block not read before (or forgotten)
   */
  'coldReads': (number);
  /**
   * [0]: sampled reads at distance 0; [i]: at scaled distance in [2^(i-1), 2^i) blocks.
   */
  'distanceCounts': (number)[];
  /**
   * decayed hits of each key asked about, in order
   */
  'hits': (number)[];
  /**
   * mean size of the blocks read; 0 before the first
   */
  'meanBlockBytes': (number);
  /**
   * live members with a DRAM budget
   */
  'storageNodes': (number);
  /**
   * their mean DRAM budget
   */
  'dramBytesPerNode': (number);
  /**
   * their mean SSD budget (a node without an SSD tier counts 0)
   */
  'ssdBytesPerNode': (number);
}
