// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A subscription to an instance's description, pushed instead of polled: the first message is
 * the whole description (device tier from the caller's cursor), and after it one whenever the
 * load or the device tier changed, checked every interval_ms. Nothing is sent while nothing
 * changes. The instance ends the stream when it starts draining, after a last message saying so.
 */
export interface WatchLoadRequest {
  'deviceEpoch'?: (string);
  'deviceAfterId'?: (number | string | Long);
  /**
   * How often the instance looks for a change to push; 0: its default (1 s).
   */
  'intervalMs'?: (number);
}

/**
 * A subscription to an instance's description, pushed instead of polled: the first message is
 * the whole description (device tier from the caller's cursor), and after it one whenever the
 * load or the device tier changed, checked every interval_ms. Nothing is sent while nothing
 * changes. The instance ends the stream when it starts draining, after a last message saying so.
 */
export interface WatchLoadRequest__Output {
  'deviceEpoch': (string);
  'deviceAfterId': (number);
  /**
   * How often the instance looks for a change to push; 0: its default (1 s).
   */
  'intervalMs': (number);
}
