// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { IndexEventMessage as _tsukimi_v1_IndexEventMessage, IndexEventMessage__Output as _tsukimi_v1_IndexEventMessage__Output } from '../../tsukimi/v1/IndexEventMessage';

/**
 * Events in id order, those the master published in one turn of its event loop (a put's blocks, say).
 */
export interface IndexEventBatch {
  'events'?: (_tsukimi_v1_IndexEventMessage)[];
}

/**
 * Events in id order, those the master published in one turn of its event loop (a put's blocks, say).
 */
export interface IndexEventBatch__Output {
  'events': (_tsukimi_v1_IndexEventMessage__Output)[];
}
